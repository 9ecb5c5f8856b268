"""Login defences: the lockout answer and its audit row (django-axes), idle-session expiry, and the
two-factor step (django-otp TOTP) that district and town staff pass after their password."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import grants_of
from .audit import activity_record
from .enums import Role
from .models import ActivityLog, User

# The session key holding the time (epoch seconds) the session's expiry was last moved forward.
SEEN_KEY = "_renda_seen"


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "登录失败次数过多，账号或登录地址已被暂时锁定，请 %(minutes)s 分钟后再试，或联系区人大常委会工作人员解锁。"
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """django-axes calls this when a login is refused because of a lockout: 429, in Chinese."""
    status = settings.AXES_HTTP_RESPONSE_CODE  # type: ignore[misc]  # django-axes' setting (settings.py)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(request, "registration/locked_out.html", {"message": lockout_message()}, status=status)


def login_locked_out_record(*, username: str | None, ip_address: str | None, path: str) -> None:
    """One audit row when an account or an address becomes locked out (not for every refused try after it)."""
    subject = User.objects.filter(username=username).first() if username else None
    if subject is None:
        from axes.models import AccessAttempt

        subject = AccessAttempt.objects.filter(ip_address=ip_address).order_by("-attempt_time").first()
    if subject is None:
        return
    activity_record(
        code="user.locked_out",
        actor=None,
        subject=subject,
        town=None,  # a district-level row: district staff read it
        data={"username": username or "", "ip_address": ip_address or "", "path": path},
    )


def _on_locked_out(sender, request, username, ip_address, **kwargs):
    # The handler sends the signal on every failure at or over the limit; the row marks the moment it is reached.
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    login_locked_out_record(username=username, ip_address=ip_address, path=request.path)


def connect_signals() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_locked_out, dispatch_uid="renda.user_locked_out")


@receiver(user_logged_in, dispatch_uid="renda.session_seen_at_login")
def _seen_at_login(sender, request, user, **kwargs):
    if getattr(request, "session", None) is not None:
        request.session[SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """A signed-in session expires SESSION_COOKIE_AGE (the idle time) after its last request: the expiry is
    moved forward by saving the session, at most once every SESSION_TOUCH_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        seen = session.get(SEEN_KEY)
        if seen is not None:
            now = int(time.time())
            if now - seen >= settings.SESSION_TOUCH_SECONDS:
                session[SEEN_KEY] = now
        return self.get_response(request)


# --- what district staff see of the lockouts ---


def _usernames_visible_to(user):
    """Usernames whose lockouts the user may see: accounts with a role in their district (administrators: all)."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    accounts = User.objects.all()
    if not user.is_superuser:
        accounts = accounts.filter(grants__district_id__in=grants_of(user).district_ids)
    return accounts.annotate(sid=Cast("pk", CharField())).distinct()


def lockouts_visible_to(*, user):
    """The user.locked_out audit rows the user may read, newest first. Rows of unknown names or of an address
    alone (no account) are for administrators only."""
    rows = ActivityLog.unscoped.filter(code="user.locked_out").order_by("-created_at", "-id")
    if user.is_superuser:
        return rows
    return rows.filter(
        content_type__app_label="core",
        content_type__model="user",
        object_id__in=_usernames_visible_to(user).values("sid"),
    )


def locked_attempts_visible_to(*, user):
    """The django-axes attempt rows that lock an account now, for the accounts the user may see."""
    from axes.models import AccessAttempt
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time", "-id")
    if user.is_superuser:
        return rows
    return rows.filter(username__in=_usernames_visible_to(user).values("username"))


def lockout_account_for(*, user, username: str) -> User:
    """The locked account a district staff member may unlock; 404 when it is not theirs or not there."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(_usernames_visible_to(user), username=username)


# --- two-factor login for staff ---


def user_needs_two_factor(user) -> bool:
    """District and town staff (and administrators) pass a TOTP step when RENDA["STAFF_2FA"] is on."""
    if not settings.RENDA["STAFF_2FA"] or not getattr(user, "is_authenticated", False):
        return False
    roles = grants_of(user).roles
    return Role.DISTRICT_STAFF in roles or Role.TOWN_STAFF in roles or bool(user.is_superuser)


def totp_device_of(user, *, confirmed: bool = True):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("id").first()


# Pages an unverified staff member may still open: the two-factor step itself and logging out.
_OPEN_NAMES = {"two-factor", "logout", "set_language"}


class StaffTwoFactorMiddleware:
    """With RENDA["STAFF_2FA"] on, a staff session that has not passed the TOTP step reaches only that step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.RENDA["STAFF_2FA"]
            and user.is_authenticated
            and not user.is_verified()
            and user_needs_two_factor(user)
            and not self._open(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("请先完成动态口令验证")}, status=401)
            return redirect(f"{reverse('two-factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        path = request.path
        if path.startswith((settings.STATIC_URL, "/i18n/")):
            return True
        from django.urls import Resolver404, resolve

        try:
            return resolve(path).url_name in _OPEN_NAMES
        except Resolver404:
            return False


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or with settings.TRUSTED_PROXY_HEADER (say X-Forwarded-For) the
    address TRUSTED_PROXY_HOPS entries from the right of that header — the one your outermost proxy saw. Entries
    further left are whatever the client sent and are never trusted."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if not header:
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    hops = [h.strip() for h in value.split(",") if h.strip()]
    n = max(getattr(settings, "TRUSTED_PROXY_HOPS", 1), 1)
    if len(hops) < n:
        return remote  # not from behind the proxy chain: the direct peer
    return hops[-n]


def client_ip_for_axes(request) -> str | None:
    """The same address for the login throttle, or None when it is no IP address (a request made in code has no
    REMOTE_ADDR; axes stores the address in an inet column on PostgreSQL)."""
    import ipaddress

    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address
