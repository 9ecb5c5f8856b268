"""Pages of the deputy groups' yearly plans and activities: the town's filing board (groups × years, each cell
a link), a plan with its planned activities and the group's activities of the year, filing a plan, recording an
activity, an activity with its summary, and the summary written by the designated summariser."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.audit import activity_entries
from renda.core.exports import Column, csv_export
from renda.core.paging import KeyPaginator
from renda.core.permissions import allowed
from renda.core.web import web_form_page, web_step
from renda.core.workflow import workflow_can
from renda.registry.models import DeputyGroup

from .. import queries as q
from ..enums import PlanState
from ..forms import GroupActivityForm, PlanFileForm, SummaryForm
from ..models import GroupActivity, GroupPlan
from ..services import groups as services
from ._common import year_of

BOARD_YEARS = 3  # the board shows the year asked for and the two before it


def _board_town(request):
    """The town of the board: the one chosen (?town=) among those the user sees groups of, else the first."""
    ids = q.group_towns(request.user)
    if not ids:
        raise PermissionDenied
    wanted = request.POST.get("town") or request.GET.get("town")
    pk = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
    return q.town_get(pk)


def _board_url(town, year) -> str:
    return f"{reverse('performance:plan-board')}?town={town.pk}&year={year}"


@login_required
def plan_board(request):
    """Which groups filed their plan on time, late or not yet, for the year and the two before it."""
    town = _board_town(request)
    year = year_of(request)
    years = list(range(year - BOARD_YEARS + 1, year + 1))
    return render(
        request,
        "performance/plan_board.html",
        {
            "town": town,
            "year": year,
            "years": years,
            "rows": q.plan_board(town=town, years=years, today=timezone.localdate()),
            "deadline": services.plan_deadline(year),
            "can_manage": allowed(request.user, "performance.manage", town),
            "mine": {g.pk for g in q.groups_filed_by(request.user)},
        },
    )


@login_required
@require_POST
def plans_open(request):
    town = _board_town(request)
    year = year_of(request)
    return web_step(
        request,
        lambda: services.plans_open(town=town, year=year, actor=request.user),
        done=lambda n: _("已开始%(year)s年度活动计划报备：%(n)s 个代表小组") % {"year": year, "n": n},
        target=_board_url(town, year),
    )


@login_required
def plan_detail(request, pk):
    plan = q.plan_get_for(user=request.user, pk=pk)
    activities = list(
        q.group_activities_visible_to(user=request.user).filter(group=plan.group, date__year=plan.year)
        .order_by("date", "id")
    )  # fmt: skip
    return render(
        request,
        "performance/plan_detail.html",
        {
            "plan": plan,
            "items": q.plan_items(plan),
            "status": str(q.PLAN_STATUS[q.plan_status(plan, timezone.localdate())]),
            "activities": activities,
            "can_file": plan.state == PlanState.PENDING and workflow_can(plan, "file", request.user),
            "can_record": allowed(request.user, "performance.file_plan", plan.group),
            "history": activity_entries(subject=plan, limit=50),
        },
    )


plan_detail.model = GroupPlan


@login_required
def plan_file(request, pk):
    """File the group's plan of ?year= (default this year)."""
    group = q.group_get_for(user=request.user, pk=pk)
    year = year_of(request)
    if not allowed(request.user, "performance.file_plan", group):
        raise services.not_in_group(group)
    people = q.group_people(group)
    form = PlanFileForm(request.POST or None, people=people, initial={"summariser": group.summariser_id})
    return web_form_page(
        request, form,
        lambda d: services.plan_file(
            group=group, year=year, items=d["items"], summariser=d["summariser"], note=d.get("note", ""),
            actor=request.user, version=d.get("version"),
        ),
        template="performance/form.html",
        context={"title": _("报备%(group)s%(year)s年度活动计划") % {"group": group.name, "year": year}},
        done=_("已报备年度活动计划"), target=lambda plan: plan,
    )  # fmt: skip


plan_file.model = DeputyGroup


# The list's columns as its CSV download (core.exports).
GROUP_ACTIVITY_COLUMNS = [
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("代表小组"), "group.name"),
    Column(gettext_lazy("活动日期"), "date"),
    Column(gettext_lazy("活动形式"), "kind"),
    Column(gettext_lazy("活动主题"), "topic"),
    Column(gettext_lazy("地点"), "place"),
]


@login_required
def group_activity_list(request):
    qs = q.group_activities_visible_to(user=request.user).order_by("-date", "-id")
    if export := csv_export(request, qs, columns=GROUP_ACTIVITY_COLUMNS, filename="group-activities"):
        return export
    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/group_activity_list.html",
        {"page": page, "groups": q.groups_filed_by(request.user)},
    )


@login_required
def group_activity_create(request, pk):
    group = q.group_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "performance.file_plan", group):
        raise services.not_in_group(group)
    form = GroupActivityForm(request.POST or None, people=q.group_people(group))
    return web_form_page(
        request, form,
        lambda d: services.group_activity_record(group=group, data=d, actor=request.user),
        template="performance/form.html",
        context={"title": _("登记%(group)s活动") % {"group": group.name}},
        done=_("已登记代表小组活动，请指定总结人填写活动总结"), target=lambda a: a,
    )  # fmt: skip


group_activity_create.model = DeputyGroup


@login_required
def group_activity_detail(request, pk):
    activity = q.group_activity_get_for(user=request.user, pk=pk)
    return render(
        request,
        "performance/group_activity_detail.html",
        {
            "a": activity,
            "attendees": q.attendees_of(activity),
            "summariser": services.summariser_of(activity),
            "can_summarise": services.may_summarise(activity, request.user),
            "history": activity_entries(subject=activity, limit=50),
        },
    )


group_activity_detail.model = GroupActivity


@login_required
def group_activity_summarise(request, pk):
    activity = q.group_activity_get_for(user=request.user, pk=pk)
    if not services.may_summarise(activity, request.user):
        person = services.summariser_of(activity)
        messages.error(
            request, _("活动总结由指定总结人%(name)s填写") % {"name": person.name if person else "—"}
        )
        return redirect(activity)
    form = SummaryForm(
        request.POST or None, initial={"summary": activity.summary, "version": activity.version}
    )
    return web_form_page(
        request, form,
        lambda d: services.group_activity_summarise(
            activity=activity, summary=d["summary"], actor=request.user, version=d.get("version")
        ),
        template="performance/form.html", context={"title": _("填写活动总结"), "back": activity},
        done=_("已保存活动总结"), target=activity,
    )  # fmt: skip


group_activity_summarise.model = GroupActivity


urlpatterns: list = [
    path("plans/", plan_board, name="plan-board"),
    path("plans/open/", plans_open, name="plans-open"),
    path("plans/<int:pk>/", plan_detail, name="plan-detail"),
    path("groups/<int:pk>/plan/", plan_file, name="plan-file"),
    path("groups/<int:pk>/activities/new/", group_activity_create, name="group-activity-create"),
    path("group-activities/", group_activity_list, name="group-activity-list"),
    path("group-activities/<int:pk>/", group_activity_detail, name="group-activity-detail"),
    path("group-activities/<int:pk>/summary/", group_activity_summarise, name="group-activity-summary"),
]
