import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from .access import grants_of, user_is_district_staff
from .enums import Role
from .exports import Column, csv_export
from .paging import KeyPaginator
from .security import (
    locked_attempts_visible_to,
    lockout_account_for,
    lockouts_visible_to,
    totp_device_of,
    user_needs_two_factor,
)
from .services import (
    login_lockout_clear,
    totp_device_confirm,
    totp_device_for_enrolment,
    user_change_password,
    user_set_language,
)
from .waiting import waiting_for

# Where a user whose work is not the town's office lands: their own list of work.
ROLE_HOMES = [
    (Role.UNIT_CLERK, "suggestions:list"),
    (Role.DEPUTY, None),  # the start page: what waits for the deputy
    (Role.PETITIONS, "receptions:petitions-due"),
    (Role.DISCIPLINE, "receptions:discipline-overdue"),
]


@login_required
def home(request):
    """Each role lands where its work is: district staff on the overview, town users on their town."""
    if user_is_district_staff(request.user):
        return redirect("registry:district-overview")
    g = grants_of(request.user)
    towns = g.visible_town_ids
    if Role.TOWN_STAFF in g.roles or Role.PRESIDIUM in g.roles:
        if len(towns) == 1:
            return redirect("registry:town-detail", pk=towns[0])
    else:
        for role, target in ROLE_HOMES:
            if role in g.roles:
                if target is None:
                    break
                try:
                    return redirect(target)
                except NoReverseMatch:  # that module is not installed
                    continue
    today = timezone.localdate()
    deputy = Role.DEPUTY in g.roles
    waiting = waiting_for(user=request.user, today=today) if deputy else []
    record = None
    if deputy:  # 我的履职档案 of this year (the performance app's page, when it is installed)
        try:
            record = f"{reverse('performance:mine')}?year={today.year}"
        except NoReverseMatch:
            record = None
    return render(
        request,
        "core/home.html",
        {"town_ids": towns, "waiting": waiting, "record_url": record, "year": today.year, "deputy": deputy},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        # Django's form checked the old password and the validators; the service changes it and audits.
        user_change_password(
            user=form.user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
            actor=self.request.user,
        )
        update_session_auth_hash(self.request, form.user)
        return redirect(self.get_success_url())


class LoginView(auth_views.LoginView):
    public = True
    redirect_authenticated_user = True


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("动态口令"),
        max_length=8,
        help_text=_("手机身份验证器应用中显示的 6 位数字"),
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )


@login_required
def two_factor(request):
    """The step after the password for staff: enrol a TOTP device (QR code) the first time, then enter its code."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    if not user_needs_two_factor(request.user) or request.user.is_verified():
        return redirect(target or "home")
    device = totp_device_of(request.user)
    enrolling = device is None
    if enrolling:
        device = totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        token = form.cleaned_data["token"].strip()
        try:
            if enrolling:
                totp_device_confirm(device=device, token=token, actor=request.user)
            elif not device.verify_token(token):
                raise ValidationError(_("动态口令不正确"))
        except ValidationError as exc:
            form.add_error("token", exc)
        else:
            otp_login(request, device)
            return redirect(target or "home")
    context = {"form": form, "enrolling": enrolling, "next": target}
    if enrolling:
        context["qr"] = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor.html", context)


# The lockouts' history as its CSV download (core.exports).
LOCKOUT_COLUMNS = [
    Column(_("时间"), "created_at"),
    Column(_("用户名"), lambda row: (row.data or {}).get("username", "")),
    Column(_("登录地址"), lambda row: (row.data or {}).get("ip_address", "")),
]


@login_required
def login_lockouts(request):
    """District staff: the accounts of their district locked out now (with an unlock button) and the recent
    lockouts from the audit trail."""
    if not user_is_district_staff(request.user):
        raise Http404
    size = settings.RENDA["PAGE_SIZE"]
    # The audit trail of lockouts grows without end: paged, keys first (renda.core.paging).
    history = lockouts_visible_to(user=request.user)
    if export := csv_export(request, history, columns=LOCKOUT_COLUMNS, filename="lockouts"):
        return export
    page = KeyPaginator(history, size).get_page(request.GET.get("page"))
    return render(
        request,
        "core/lockouts.html",
        {
            "locked": list(locked_attempts_visible_to(user=request.user)[:size]),
            "history": list(page.object_list),
            "page": page,
            "querystring": "",
        },
    )


@login_required
@require_POST
def login_lockout_unlock(request):
    if not user_is_district_staff(request.user):
        raise Http404
    account = lockout_account_for(user=request.user, username=request.POST.get("username", ""))
    login_lockout_clear(account=account, actor=request.user)
    messages.success(request, _("已解除 %(name)s 的登录锁定") % {"name": account.username})
    return redirect("login-lockouts")


@require_POST
def language_set(request):
    """Django's language switch, and for a signed-in user the choice kept on the account (User.language)."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language, actor=request.user)
    return response
