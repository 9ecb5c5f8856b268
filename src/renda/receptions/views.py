"""Reception and appeal pages (staff, deputies, handlers, petitions office, discipline inspection)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activities_for, activity_label
from renda.core.enums import Role
from renda.core.errors import Conflict, error_messages
from renda.core.models import Town, User
from renda.core.paging import KeyPaginator
from renda.core.types import IdField, YearField, query_value
from renda.registry.validators import mask_phone

from . import documents, queries, services
from .enums import AppealState, DayState
from .forms import (
    AppealForm,
    AssignForm,
    ConvertForm,
    DayForm,
    FeedbackForm,
    GroupForm,
    RecordForm,
    ReplyForm,
    ScheduleForm,
    SettingForm,
)
from .models import Appeal, ReceptionDay, ReceptionGroup


def _page(request, qs):
    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def _staff_town(request) -> Town:
    """The town a staff user works on: the one chosen (?town=) among theirs, else their first."""
    g = grants_of(request.user)
    ids = sorted(g.roles.get(Role.TOWN_STAFF, frozenset()) | g.roles.get(Role.DISTRICT_STAFF, frozenset()))
    if request.user.is_superuser:
        ids = list(g.visible_town_ids)
    if not ids:
        raise PermissionDenied
    wanted = request.POST.get("town") or request.GET.get("town")
    pk = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
    return Town.objects.get(pk=pk)


def _is_staff_somewhere(request) -> bool:
    """Town or district staff of at least one town: read from the grants, no query."""
    g = grants_of(request.user)
    return bool(g.roles.get(Role.TOWN_STAFF) or g.roles.get(Role.DISTRICT_STAFF))


def _staff_towns(request):
    g = grants_of(request.user)
    ids = g.roles.get(Role.TOWN_STAFF, frozenset()) | g.roles.get(Role.DISTRICT_STAFF, frozenset())
    return Town.objects.filter(pk__in=ids).order_by("code")


def _errors(request, exc) -> None:
    for m in error_messages(exc) if isinstance(exc, ValidationError) else [str(exc)]:
        messages.error(request, m)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errs in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, exc)


# ------------------------------------------------------------------------------------ reception days


@login_required
def day_list(request):
    qs = queries.reception_days_visible_to(user=request.user).prefetch_related("deputies")
    state = request.GET.get("state", "")
    if state in DayState.values:
        qs = qs.filter(state=state)
    when = request.GET.get("when", "upcoming")
    today = timezone.localdate()
    qs = (
        qs.filter(date__gte=today).order_by("date", "id")
        if when == "upcoming"
        else qs.order_by("-date", "-id")
    )
    page, querystring = _page(request, qs)
    return render(
        request,
        "receptions/day_list.html",
        {
            "page": page,
            "rows": page.object_list,
            "querystring": querystring,
            "states": DayState.choices,
            "state": state,
            "when": when,
            "can_manage": _is_staff_somewhere(request),
        },
    )


@login_required
def day_detail(request, pk):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    can_manage = services.user_can_manage_receptions(request.user, day.town_id)
    return render(
        request,
        "receptions/day_detail.html",
        {
            "day": day,
            "deputies": list(day.deputies.all()),
            "attended": list(day.attended.all()),
            "appeals": list(queries.appeals_visible_to(user=request.user).filter(reception_day=day)),
            "can_manage": can_manage,
            "can_record": services.user_records_day(request.user, day),
            "has_come": day.date <= timezone.localdate(),
            "history": [(e, activity_label(e.code)) for e in activities_for(subject=day)[:20]],
            "form_url": documents.appeal_form_url(day.token),
        },
    )


day_detail.model = ReceptionDay


@login_required
def day_create(request):
    town = _staff_town(request)
    form = DayForm(request.POST or None, town=town)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.reception_day_create(town=town, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已安排接待日"))
            return redirect(day)
    return render(request, "receptions/form.html", {"form": form, "title": _("安排接待日"), "town": town})


@login_required
def day_edit(request, pk):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    if not services.user_can_manage_receptions(request.user, day.town_id):
        raise PermissionDenied
    form = DayForm(request.POST or None, instance=day, town=day.town)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            services.reception_day_update(day=day, data=data, actor=request.user)
        except (ValidationError, Conflict) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(day)
    return render(request, "receptions/form.html", {"form": form, "title": _("修改接待日"), "back": day})


day_edit.model = ReceptionDay


@login_required
@require_POST
def day_publish(request, pk):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    try:
        services.reception_day_publish(day=day, actor=request.user)
        messages.success(request, _("已公示，接待代表已收到通知"))
    except (ValidationError, Conflict, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(day)


day_publish.model = ReceptionDay


@login_required
@require_POST
def day_cancel(request, pk):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    try:
        services.reception_day_cancel(day=day, reason=request.POST.get("reason", ""), actor=request.user)
        messages.success(request, _("已取消接待日"))
    except (ValidationError, Conflict, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(day)


day_cancel.model = ReceptionDay


@login_required
def day_record(request, pk):
    """On the day: attendance and the number of voters (phone-friendly)."""
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    if not services.user_records_day(request.user, day):
        raise PermissionDenied
    form = RecordForm(request.POST or None, day=day, initial={"attended": list(day.deputies.all())})
    if request.method == "POST" and form.is_valid():
        try:
            services.reception_day_record(day=day, actor=request.user, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已登记接待情况"))
            return redirect(day)
    return render(request, "receptions/form.html", {"form": form, "title": _("登记接待情况"), "back": day})


day_record.model = ReceptionDay


@login_required
def day_appeal_create(request, pk):
    """An appeal received at this reception (phone-friendly form for staff and the deputies on duty)."""
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    if not services.user_records_day(request.user, day):
        raise PermissionDenied
    form = AppealForm(request.POST or None, town=day.town, with_post=False, initial={"village": day.village})
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_submit(
                town=day.town, data=form.cleaned_data, reception_day=day, actor=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已登记诉求，查询码 %(code)s") % {"code": appeal.tracking_code})
            return redirect(day)
    return render(request, "receptions/form.html", {"form": form, "title": _("登记接待日诉求"), "back": day})


day_appeal_create.model = ReceptionDay


def _notice_day(request, pk) -> ReceptionDay:
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    if day.state == DayState.DRAFT and not services.user_can_manage_receptions(request.user, day.town_id):
        raise Http404
    return day


@login_required
def day_notice_pdf(request, pk):
    day = _notice_day(request, pk)
    response = HttpResponse(documents.notice_pdf(day), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{day.date:%Y%m%d}.pdf"'
    return response


day_notice_pdf.model = ReceptionDay


@login_required
def day_notice_docx(request, pk):
    day = _notice_day(request, pk)
    response = HttpResponse(
        documents.notice_docx(day),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="notice-{day.date:%Y%m%d}.docx"'
    return response


day_notice_docx.model = ReceptionDay


@login_required
def schedule(request):
    """The proposed schedule of a month or a quarter; creating it makes drafts to adjust and publish."""
    town = _staff_town(request)
    data = request.POST if request.method == "POST" else (request.GET if "start" in request.GET else None)
    form = ScheduleForm(data, initial={"start": timezone.localdate().replace(day=1), "months": 1})
    proposal = []
    if form.is_bound and form.is_valid():
        start, months = form.cleaned_data["start"], form.cleaned_data["months"]
        if request.method == "POST":
            try:
                created = services.reception_days_create_from_proposal(
                    town=town, start=start, months=months, actor=request.user
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("已生成 %(n)s 个接待日草稿") % {"n": len(created)})
                return redirect("receptions:day-list")
        proposal = services.reception_schedule_propose(town=town, start=start, months=months)
    return render(
        request,
        "receptions/schedule.html",
        {"form": form, "proposal": proposal, "town": town, "towns": _staff_towns(request)},
    )


@login_required
def setting_edit(request):
    town = _staff_town(request)
    current = services.reception_setting_for(town=town)
    form = SettingForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.reception_setting_save(town=town, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("receptions:group-list")
    return render(request, "receptions/form.html", {"form": form, "title": _("接待日设置"), "town": town})


@login_required
def group_list(request):
    qs = queries.reception_groups_visible_to(user=request.user)
    page, querystring = _page(request, qs)
    return render(
        request,
        "receptions/group_list.html",
        {"page": page, "rows": page.object_list, "querystring": querystring},
    )


@login_required
def group_create(request):
    town = _staff_town(request)
    form = GroupForm(request.POST or None, town=town)
    if request.method == "POST" and form.is_valid():
        try:
            services.reception_group_create(town=town, data=dict(form.cleaned_data), actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("receptions:group-list")
    return render(request, "receptions/form.html", {"form": form, "title": _("新增接待小组"), "town": town})


@login_required
def group_edit(request, pk):
    group = queries.reception_group_get_for(user=request.user, pk=pk)
    if not services.user_can_manage_receptions(request.user, group.town_id):
        raise PermissionDenied
    form = GroupForm(request.POST or None, instance=group, town=group.town)
    if request.method == "POST" and form.is_valid():
        try:
            services.reception_group_update(group=group, data=dict(form.cleaned_data), actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("receptions:group-list")
    return render(request, "receptions/form.html", {"form": form, "title": _("修改接待小组")})


group_edit.model = ReceptionGroup


@login_required
def calendar(request):
    """The deputy's private calendar URL (iCalendar)."""
    url = request.build_absolute_uri(
        f"{_reverse('receptions:calendar-feed')}?token={documents.calendar_token_for(request.user)}"
    )
    days = queries.reception_days_for_person_ids(grants_of(request.user).person_ids)
    return render(
        request,
        "receptions/calendar.html",
        {"url": url, "days": days.filter(date__gte=timezone.localdate())[:20]},
    )


def _reverse(name):
    from django.urls import reverse

    return reverse(name)


def calendar_feed(request):
    """The private feed: the token in the URL names the user (no session: calendar apps fetch it)."""
    user_id = documents.calendar_user_id(request.GET.get("token", ""))
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    from django_scopes import scope

    person_ids = grants_of(user).person_ids
    with scope(town=list(grants_of(user).visible_town_ids)):  # tenant resolution for a token-addressed feed
        body = documents.ical_feed(
            list(queries.reception_days_for_person_ids(person_ids)), name=_("代表接待日") + f" · {user}"
        )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


calendar_feed.public = True


# ---------------------------------------------------------------------------------------------- appeals


def _appeal_rows(request, qs):
    page, querystring = _page(request, qs.select_related(None).select_related(*queries.APPEAL_LIST_RELATED))
    rows = [
        (a, queries.mask_name(a.citizen_name), queries.category_label(a.category)) for a in page.object_list
    ]
    return page, querystring, rows


@login_required
def appeal_list(request):
    qs = queries.appeals_visible_to(user=request.user)
    state = request.GET.get("state", "")
    if state in AppealState.values:
        qs = qs.filter(state=state)
    g = request.GET
    qs = queries.appeals_narrowed(
        qs,
        town=query_value(request, "town", IdField()),
        year=query_value(request, "year", YearField()),
        state=state,
        overdue=g.get("overdue") == "1",
    )
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(tracking_code__icontains=q) | qs.filter(content__icontains=q)
    page, querystring, rows = _appeal_rows(request, qs)
    return render(
        request,
        "receptions/appeal_list.html",
        {
            "page": page,
            "rows": rows,
            "querystring": querystring,
            "states": AppealState.choices,
            "state": state,
            "q": q,
            "title": _("群众诉求"),
            "today": timezone.localdate(),
            "can_create": _is_staff_somewhere(request),
        },
    )


@login_required
def petitions_due(request):
    """信访办: open appeals due soon (and today), so no reply deadline is missed."""
    qs = queries.appeals_due_soon(user=request.user)
    page, querystring, rows = _appeal_rows(request, qs)
    return render(
        request,
        "receptions/appeal_list.html",
        {
            "page": page,
            "rows": rows,
            "querystring": querystring,
            "title": _("即将到期的诉求"),
            "lead": _("以下诉求将在 %(n)s 天内到答复期限，请督促责任人按期答复。")
            % {"n": settings.RENDA["DEADLINE_DUE_SOON_DAYS"]},
            "today": timezone.localdate(),
        },
    )


@login_required
def discipline_overdue(request):
    """纪委: open appeals past their reply deadline, escalated for supervision."""
    qs = queries.appeals_overdue(user=request.user)
    page, querystring, rows = _appeal_rows(request, qs)
    return render(
        request,
        "receptions/appeal_list.html",
        {
            "page": page,
            "rows": rows,
            "querystring": querystring,
            "title": _("超期未答复的诉求"),
            "lead": _("以下诉求已超过答复期限仍未答复，已提请纪委督办。"),
            "today": timezone.localdate(),
        },
    )


@login_required
def appeal_create(request):
    """An appeal received at a liaison post or by phone, recorded by staff."""
    town = _staff_town(request)
    form = AppealForm(request.POST or None, town=town)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        post = data.pop("liaison_post", None)
        try:
            appeal = services.appeal_submit(town=town, data=data, liaison_post=post, actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已登记诉求，查询码 %(code)s") % {"code": appeal.tracking_code})
            return redirect(appeal)
    return render(request, "receptions/form.html", {"form": form, "title": _("登记诉求"), "town": town})


@login_required
def appeal_detail(request, pk):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    from renda.core.deadlines.services import clock_explain
    from renda.core.deadlines.status import clock_for, clock_summary

    clock = clock_for(subject=appeal, kind=services.APPEAL_CLOCK)
    handles = services.user_handles_appeal(request.user, appeal)
    return render(
        request,
        "receptions/appeal_detail.html",
        {
            "appeal": appeal,
            "name_masked": queries.mask_name(appeal.citizen_name),
            "phone_masked": mask_phone(appeal.citizen_phone),
            "category": queries.category_label(appeal.category),
            "clock": clock,
            "clock_due": clock_summary(clock),
            "clock_explanation": clock_explain(clock) if clock else "",
            "can_unmask": handles,
            "can_assign": services.user_can_manage_receptions(request.user, appeal.town_id)
            and appeal.state in (AppealState.SUBMITTED, AppealState.ASSIGNED, AppealState.REOPENED),
            "can_reply": handles and appeal.state in (AppealState.ASSIGNED, AppealState.REOPENED),
            "can_convert": services.user_can_manage_receptions(request.user, appeal.town_id)
            and not appeal.suggestion_id,
            "can_feedback": services.user_records_feedback(request.user, appeal)
            and appeal.state == AppealState.REPLIED,
            "photos": list(appeal.photos.all()) if handles else [],
            "history": [(e, activity_label(e.code)) for e in activities_for(subject=appeal)[:30]],
        },
    )


appeal_detail.model = Appeal


@login_required
@require_POST
def appeal_pii(request, pk):
    """The voter's unmasked name and phone, for the handlers only; every look is logged."""
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    services.appeal_pii_viewed(appeal=appeal, actor=request.user)
    return render(request, "receptions/_appeal_pii.html", {"appeal": appeal})


appeal_pii.model = Appeal


@login_required
def appeal_assign(request, pk):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    if not services.user_can_manage_receptions(request.user, appeal.town_id):
        raise PermissionDenied
    grants = list(services.appeal_handler_grants(town=appeal.town))
    form = AssignForm(request.POST or None, grants=grants, initial={"version": appeal.version})
    if request.method == "POST" and form.is_valid():
        grant = form.grants[form.cleaned_data["grant"]]
        try:
            services.appeal_assign(
                appeal=appeal,
                handler=grant.user,
                unit=grant.unit,
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except (ValidationError, Conflict) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已交办"))
            return redirect(appeal)
    return render(request, "receptions/form.html", {"form": form, "title": _("交办诉求"), "back": appeal})


appeal_assign.model = Appeal


@login_required
def appeal_reply(request, pk):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    if not services.user_handles_appeal(request.user, appeal):
        raise PermissionDenied
    form = ReplyForm(
        request.POST or None,
        initial={
            "version": appeal.version,
            "replied_by": getattr(request.user, "display_name", "") or str(request.user),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_reply(appeal=appeal, actor=request.user, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已答复"))
            return redirect(appeal)
    return render(request, "receptions/form.html", {"form": form, "title": _("答复诉求"), "back": appeal})


appeal_reply.model = Appeal


@login_required
def appeal_feedback(request, pk):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    if not services.user_records_feedback(request.user, appeal):
        raise PermissionDenied
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_feedback_record(appeal=appeal, actor=request.user, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已记录群众评价"))
            return redirect(appeal)
    return render(request, "receptions/form.html", {"form": form, "title": _("电话回访评价"), "back": appeal})


appeal_feedback.model = Appeal


@login_required
def appeal_convert(request, pk):
    """Turn the appeal into a deputy suggestion (a matter for the congress)."""
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    if not services.user_can_manage_receptions(request.user, appeal.town_id):
        raise PermissionDenied
    initial = {"signers": list(appeal.reception_day.attended.all()) if appeal.reception_day_id else []}
    form = ConvertForm(request.POST or None, town=appeal.town, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_convert_to_suggestion(
                appeal=appeal,
                signers=list(form.cleaned_data["signers"]),
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except (ValidationError, Conflict) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已转为代表建议"))
            return redirect(appeal)
    return render(request, "receptions/form.html", {"form": form, "title": _("转为代表建议"), "back": appeal})


appeal_convert.model = Appeal


@login_required
def stats(request):
    towns = list(Town.objects.filter(pk__in=grants_of(request.user).visible_town_ids).order_by("code"))
    wanted = request.GET.get("town", "")
    town_id = int(wanted) if wanted.isdigit() and any(t.pk == int(wanted) for t in towns) else None
    figures = queries.appeal_figures(user=request.user, town_id=town_id)
    return render(
        request,
        "receptions/stats.html",
        {"figures": figures, "towns": towns, "town_id": town_id},
    )
