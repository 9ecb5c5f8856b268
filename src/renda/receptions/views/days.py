"""Reception day pages: the list, a day and its steps, the schedule, the setting, the rota groups, the
deputies' calendar."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activity_entries
from renda.core.exports import Column, csv_export
from renda.core.permissions import allowed
from renda.core.types import IdField, query_value
from renda.core.web import web_form_page, web_step

from .. import documents, queries, services
from ..enums import DayState
from ..forms import AppealForm, DayForm, GroupForm, RecordForm, ScheduleForm, SettingForm
from ..models import ReceptionDay, ReceptionGroup
from ._common import _is_staff_somewhere, _offered, _page, _staff_town, _staff_towns

# The lists' columns as their CSV downloads (core.exports).
DAY_COLUMNS = [
    Column(gettext_lazy("日期"), "date"),
    Column(gettext_lazy("时间"), lambda d: f"{d.start_time:%H:%M}–{d.end_time:%H:%M}"),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("地点"), "place"),
    Column(gettext_lazy("带队领导"), "leader_name"),
    Column(gettext_lazy("接待代表"), "deputies"),
    Column(gettext_lazy("状态"), "state"),
]
GROUP_COLUMNS = [
    Column(gettext_lazy("轮值顺序"), "position"),
    Column(gettext_lazy("名称"), "name"),
    Column(gettext_lazy("启用"), "active"),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("带队领导"), lambda g: f"{g.leader_title} {g.leader_name}".strip()),
    Column(gettext_lazy("代表"), "deputies"),
    Column(gettext_lazy("地点"), lambda g: g.place or g.liaison_post or g.village or ""),
]


@login_required
def day_list(request):
    qs = queries.reception_days_visible_to(user=request.user).prefetch_related("deputies")
    state = request.GET.get("state", "")
    if state in DayState.values:
        qs = qs.filter(state=state)
    if town := query_value(request, "town", IdField()):
        qs = qs.filter(town=town)
    if request.GET.get("active") == "1":  # every day but cancelled ones (the schedule's figures)
        qs = qs.exclude(state=DayState.CANCELLED)
    if day_from := query_value(request, "from", forms.DateField()):
        qs = qs.filter(date__gte=day_from)
    if day_to := query_value(request, "to", forms.DateField()):
        qs = qs.filter(date__lte=day_to)
    when = request.GET.get("when", "upcoming")
    mine = request.GET.get("mine") == "1"
    if mine:  # the deputy's own duty (the start page links here)
        qs = qs.filter(deputies__in=list(grants_of(request.user).person_ids)).distinct()
    today = timezone.localdate()
    qs = (
        qs.filter(date__gte=today).order_by("date", "id")
        if when == "upcoming"
        else qs.order_by("-date", "-id")
    )
    if export := csv_export(request, qs, columns=DAY_COLUMNS, filename="reception-days"):
        return export
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
            "mine": mine,
            "can_manage": _is_staff_somewhere(request),
        },
    )


@login_required
def day_detail(request, pk):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    can_manage = allowed(request.user, "receptions.manage", day)
    return render(
        request,
        "receptions/day_detail.html",
        {
            "day": day,
            "deputies": list(day.deputies.all()),
            "attended": list(day.attended.all()),
            "appeals": list(queries.appeals_visible_to(user=request.user).filter(reception_day=day)),
            "can": _offered(day, request.user),
            "is_held": day.state == DayState.HELD,
            "is_public": day.state != DayState.DRAFT,
            "can_notice": day.state != DayState.DRAFT or can_manage,
            "can_record_appeal": day.state in (DayState.PUBLISHED, DayState.HELD)
            and allowed(request.user, "receptions.record_day", day),
            "has_come": day.date <= timezone.localdate(),
            "history": activity_entries(subject=day, limit=20),
            "form_url": documents.appeal_form_url(day.token, request),
        },
    )


day_detail.model = ReceptionDay


@login_required
def day_create(request):
    town = _staff_town(request)
    form = DayForm(request.POST or None, town=town)
    return web_form_page(
        request, form, lambda d: services.reception_day_create(town=town, data=d, actor=request.user),
        template="receptions/form.html", context={"title": _("安排接待日"), "town": town},
        done=_("已安排接待日"), target=lambda day: day,
    )  # fmt: skip


@login_required
def day_edit(request, pk):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "receptions.manage", day):
        raise PermissionDenied
    form = DayForm(request.POST or None, instance=day, town=day.town)
    return web_form_page(
        request, form,
        lambda d: services.reception_day_update(
            day=day, data={k: v for k, v in d.items() if v not in (None, "")}, actor=request.user
        ),
        template="receptions/form.html", context={"title": _("修改接待日"), "back": day},
        done=_("接待日已修改"), target=day,
    )  # fmt: skip


day_edit.model = ReceptionDay


@login_required
@require_POST
def day_publish(request, pk):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    return web_step(
        request,
        lambda: services.reception_day_publish(day=day, actor=request.user),
        done=_("已公示，接待代表已收到通知"),
        target=day,
    )


day_publish.model = ReceptionDay


@login_required
@require_POST
def day_cancel(request, pk):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    reason = request.POST.get("reason", "")
    return web_step(
        request,
        lambda: services.reception_day_cancel(day=day, reason=reason, actor=request.user),
        done=_("已取消接待日"),
        target=day,
    )


day_cancel.model = ReceptionDay


@login_required
def day_record(request, pk):
    """On the day: attendance and the number of voters (phone-friendly)."""
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "receptions.record_day", day):
        raise PermissionDenied
    form = RecordForm(request.POST or None, day=day, initial={"attended": list(day.deputies.all())})
    return web_form_page(
        request, form, lambda d: services.reception_day_record(day=day, actor=request.user, **d),
        template="receptions/form.html", context={"title": _("登记接待情况"), "back": day},
        done=_("已登记接待情况"), target=day,
    )  # fmt: skip


day_record.model = ReceptionDay


@login_required
def day_appeal_create(request, pk):
    """An appeal received at this reception (phone-friendly form for staff and the deputies on duty)."""
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "receptions.record_day", day):
        raise PermissionDenied
    form = AppealForm(request.POST or None, town=day.town, with_post=False, initial={"village": day.village})
    return web_form_page(
        request, form,
        lambda d: services.appeal_submit(town=day.town, data=d, reception_day=day, actor=request.user),
        template="receptions/form.html", context={"title": _("登记接待日诉求"), "back": day},
        done=lambda appeal: _("已登记诉求，查询码 %(code)s") % {"code": appeal.tracking_code},
        target=day,
    )  # fmt: skip


day_appeal_create.model = ReceptionDay


def _notice_day(request, pk) -> ReceptionDay:
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    if day.state == DayState.DRAFT and not allowed(request.user, "receptions.manage", day):
        raise Http404
    return day


@login_required
def day_notice_pdf(request, pk):
    day = _notice_day(request, pk)
    response = HttpResponse(documents.notice_pdf(day, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{day.date:%Y%m%d}.pdf"'
    return response


day_notice_pdf.model = ReceptionDay


@login_required
def day_notice_docx(request, pk):
    day = _notice_day(request, pk)
    response = HttpResponse(
        documents.notice_docx(day, request),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="notice-{day.date:%Y%m%d}.docx"'
    return response


day_notice_docx.model = ReceptionDay


def _period_end(start: dt.date, months: int) -> dt.date:
    year, month = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)


def _district_schedule(request):
    """District staff without a chosen town: each town's proposed days side by side, with the totals."""
    form = ScheduleForm(request.GET if "start" in request.GET else None)
    if form.is_bound and form.is_valid():
        start, months = form.cleaned_data["start"], form.cleaned_data["months"]
    else:
        start, months = timezone.localdate().replace(day=1), 1
        form = ScheduleForm(initial={"start": start, "months": months})
    towns = list(_staff_towns(request))
    end = _period_end(start, months)
    days = reverse("receptions:day-list")
    groups = reverse("receptions:group-list")
    period = f"when=all&from={start.isoformat()}&to={end.isoformat()}&active=1"
    rows = []
    total: dict = {"proposed": 0, "arranged": 0, "new": 0, "groups": 0, "days": 0}
    arranged_in_period = queries.reception_days_counted(towns=towns, start=start, end=end)
    for town, proposal in services.reception_schedules_propose(towns=towns, start=start, months=months):
        row = {
            "town": town,
            "proposed": len(proposal),
            "arranged": sum(1 for r in proposal if r["exists"]),
            "days": arranged_in_period.get(town.pk, 0),
            "days_link": f"{days}?town={town.pk}&{period}",
            "groups_link": f"{groups}?town={town.pk}&active=1",
        }
        row["new"] = row["proposed"] - row["arranged"]
        rows.append(row)
    group_counts = queries.active_groups_counted(towns=towns)
    for row in rows:
        row["active_groups"] = group_counts.get(row["town"].pk, 0)
        for k in ("proposed", "arranged", "new", "days"):
            total[k] += row[k]
        total["groups"] += row["active_groups"]
    total["days_link"] = f"{days}?{period}"
    total["groups_link"] = f"{groups}?active=1"
    return render(
        request,
        "receptions/schedule.html",
        {
            "form": form,
            "district_rows": rows,
            "district_total": total,
            "start": start,
            "months": months,
            "end": end,
            "town": None,
            "towns": towns,
        },
    )


@login_required
def schedule(request):
    """The proposed schedule of a month or a quarter; creating it makes drafts to adjust and publish. District
    staff open on every town's proposal side by side, and pick a town to create its drafts."""
    wanted = request.POST.get("town") or request.GET.get("town")
    if not wanted and request.method == "GET" and len(_staff_towns(request)) > 1:
        return _district_schedule(request)
    town = _staff_town(request)
    data = request.POST if request.method == "POST" else (request.GET if "start" in request.GET else None)
    form = ScheduleForm(data, initial={"start": timezone.localdate().replace(day=1), "months": 1})
    proposal = []
    if form.is_bound and form.is_valid():
        start, months = form.cleaned_data["start"], form.cleaned_data["months"]
        if request.method == "POST":
            done = web_step(
                request,
                lambda: services.reception_days_create_from_proposal(
                    town=town, start=start, months=months, actor=request.user
                ),
                done=lambda created: _("已生成 %(n)s 个接待日草稿") % {"n": len(created)},
                target="receptions:day-list",
                form=form,
            )
            if done is not None:
                return done
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
    return web_form_page(
        request, form, lambda d: services.reception_setting_save(town=town, data=d, actor=request.user),
        template="receptions/form.html", context={"title": _("接待日设置"), "town": town},
        done=_("接待日设置已保存"), target="receptions:group-list",
    )  # fmt: skip


@login_required
def group_list(request):
    qs = queries.reception_groups_visible_to(user=request.user)
    if town := query_value(request, "town", IdField()):
        qs = qs.filter(town=town)
    if request.GET.get("active") == "1":
        qs = qs.filter(active=True)
    if export := csv_export(request, qs, columns=GROUP_COLUMNS, filename="reception-groups"):
        return export
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
    return web_form_page(
        request, form, lambda d: services.reception_group_create(town=town, data=dict(d), actor=request.user),
        template="receptions/form.html", context={"title": _("新增接待小组"), "town": town},
        done=_("已新增接待小组"), target="receptions:group-list",
    )  # fmt: skip


@login_required
def group_edit(request, pk):
    group = queries.reception_group_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "receptions.manage", group):
        raise PermissionDenied
    form = GroupForm(request.POST or None, instance=group, town=group.town)
    return web_form_page(
        request, form,
        lambda d: services.reception_group_update(group=group, data=dict(d), actor=request.user),
        template="receptions/form.html", context={"title": _("修改接待小组")},
        done=_("接待小组已修改"), target="receptions:group-list",
    )  # fmt: skip


group_edit.model = ReceptionGroup


@login_required
def calendar(request):
    """The old calendar page: the feed is the user's one calendar subscription now (renda.feeds)."""
    return redirect("feeds:subscription")


@login_required
def calendar_feed(request):
    """The old signed-token feed URL: moved onto the user's calendar subscription (renda.feeds)."""
    return redirect("feeds:subscription")
