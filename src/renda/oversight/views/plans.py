"""Pages of the yearly work plan: plan vs done per town and year, a plan with its lines, revisions and
history, and its steps (their URL patterns are collected by oversight/urls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.audit import activity_entries
from renda.core.permissions import allowed
from renda.core.types import YearField, query_value
from renda.core.web import web_form_page, web_step

from .. import queries_plans as q
from ..forms_activities import AmendForm, PlanForm, PlanItemForm, ReasonForm
from ..models import PlanItem, WorkPlan
from ..services import plans as services
from ._common_act import offered, staff_town, staff_town_ids

STATUS_LABELS = {
    q.HELD: gettext_lazy("按期开展"),
    q.LATE: gettext_lazy("延期开展"),
    q.MISSED: gettext_lazy("未开展"),
    q.PENDING: gettext_lazy("尚未到期"),
}


@login_required
def plan_list(request):
    """Plan vs done per town for a year (planned, held, held late, not held, still to come): every cell links
    to the plan's lines of that status."""
    year = query_value(request, "year", YearField(), default=timezone.localdate().year)
    rows = q.plan_vs_done(user=request.user, year=year)
    for row in rows:
        row.cells = [(s, STATUS_LABELS[s], row.counts[s]) for s in q.STATUSES]
    return render(
        request,
        "oversight/plan_list.html",
        {
            "year": year,
            "rows": rows,
            "statuses": [(s, STATUS_LABELS[s]) for s in q.STATUSES],
            "can_manage": bool(staff_town_ids(request)),
        },
    )


@login_required
def plan_detail(request, pk):
    plan = q.plan_get_for(user=request.user, pk=pk)
    today = timezone.localdate()
    status = request.GET.get("status", "")
    items = []
    for item in q.plan_items_of(plan):
        item.status = q.plan_item_status(item, today)
        item.status_label = STATUS_LABELS[item.status]
        if status in q.STATUSES and (item.withdrawn or item.status != status):
            continue
        items.append(item)
    can = offered(plan, request.user)
    return render(
        request,
        "oversight/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "status": status,
            "status_label": STATUS_LABELS.get(status, ""),
            "can": can,
            "item_form": PlanItemForm(town=plan.town) if can.get("update") else None,
            "revisions": list(plan.revisions.all()),
            "history": activity_entries(subject=plan, limit=50),
        },
    )


plan_detail.model = WorkPlan


@login_required
def plan_create(request):
    town = staff_town(request)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    return web_form_page(
        request, form, lambda d: services.plan_create(town=town, data=d, actor=request.user),
        template="oversight/act_form.html", context={"title": _("新建年度工作计划"), "town": town},
        done=_("已新建年度工作计划"), target=lambda plan: plan,
    )  # fmt: skip


@login_required
def plan_item_add(request, pk):
    plan = q.plan_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "oversight.manage", plan):
        raise PermissionDenied
    form = PlanItemForm(request.POST or None, town=plan.town)
    return web_form_page(
        request, form,
        lambda d: services.plan_item_add(
            plan=plan, data={k: v for k, v in d.items() if k != "version"}, actor=request.user,
            version=d.get("version"),
        ),
        template="oversight/act_form.html", context={"title": _("添加计划事项"), "back": plan},
        done=_("已添加计划事项"), target=plan,
    )  # fmt: skip


plan_item_add.model = WorkPlan


@login_required
@require_POST
def plan_item_remove(request, pk):
    item = q.plan_item_get_for(user=request.user, pk=pk)
    plan = item.plan
    return web_step(
        request,
        lambda: services.plan_item_remove(item=item, actor=request.user),
        done=_("已删除"),
        target=plan,
    )


plan_item_remove.model = PlanItem


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@login_required
@require_POST
def plan_submit(request, pk):
    plan = q.plan_get_for(user=request.user, pk=pk)
    return web_step(
        request,
        lambda: services.plan_submit(plan=plan, actor=request.user, version=_version(request)),
        done=_("已提交主席团"),
        target=plan,
    )


plan_submit.model = WorkPlan


@login_required
@require_POST
def plan_approve(request, pk):
    plan = q.plan_get_for(user=request.user, pk=pk)
    return web_step(
        request,
        lambda: services.plan_approve(plan=plan, actor=request.user, version=_version(request)),
        done=_("主席团已通过工作计划"),
        target=plan,
    )


plan_approve.model = WorkPlan


@login_required
def plan_return(request, pk):
    plan = q.plan_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "oversight.decide", plan):
        raise PermissionDenied
    form = ReasonForm(request.POST or None, initial={"version": plan.version})
    return web_form_page(
        request, form,
        lambda d: services.plan_return(plan=plan, reason=d["reason"], actor=request.user, version=d.get("version")),
        template="oversight/act_form.html", context={"title": _("退回修改"), "back": plan},
        done=_("已退回修改"), target=plan,
    )  # fmt: skip


plan_return.model = WorkPlan


@login_required
def plan_amend(request, pk):
    plan = q.plan_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "oversight.manage", plan):
        raise PermissionDenied
    form = AmendForm(request.POST or None, plan=plan, initial={"version": plan.version})
    return web_form_page(
        request, form,
        lambda d: services.plan_amend(
            plan=plan, reason=d["reason"], items=form.items(plan), actor=request.user, version=d.get("version")
        ),
        template="oversight/act_form.html", context={"title": _("调整年度工作计划"), "back": plan},
        done=_("已调整计划，原计划已留存"), target=plan,
    )  # fmt: skip


plan_amend.model = WorkPlan


urlpatterns: list = [
    path("plans/", plan_list, name="plan-list"),
    path("plans/new/", plan_create, name="plan-create"),
    path("plans/<int:pk>/", plan_detail, name="plan-detail"),
    path("plans/<int:pk>/items/new/", plan_item_add, name="plan-item-add"),
    path("plans/items/<int:pk>/remove/", plan_item_remove, name="plan-item-remove"),
    path("plans/<int:pk>/submit/", plan_submit, name="plan-submit"),
    path("plans/<int:pk>/approve/", plan_approve, name="plan-approve"),
    path("plans/<int:pk>/return/", plan_return, name="plan-return"),
    path("plans/<int:pk>/amend/", plan_amend, name="plan-amend"),
]
