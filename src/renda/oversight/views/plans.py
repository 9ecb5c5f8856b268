"""Pages of the yearly work plan: plan vs done per town and year, a plan with its lines, revisions and
history, and its steps (their URL patterns are collected by oversight/urls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy

from renda.core.audit import activity_entries
from renda.core.types import YearField, query_value

from .. import queries_plans as q
from ..forms_activities import AmendForm, PlanForm, PlanItemForm, ReasonForm
from ..models import PlanItem, WorkPlan
from ..services import plans as services
from ._common_act import offered, staff_town_ids
from ._steps import record_form, record_post, town_form, versioned

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


plan_create = town_form(
    form=lambda data, town: PlanForm(data, initial={"year": timezone.localdate().year}),
    run=lambda r, town, d: services.plan_create(town=town, data=d, actor=r.user),
    title=gettext_lazy("新建年度工作计划"), done=gettext_lazy("已新建年度工作计划"),
)  # fmt: skip
plan_item_add = record_form(
    q.plan_get_for, WorkPlan, "oversight.manage",
    form=lambda data, plan: PlanItemForm(data, town=plan.town),
    run=lambda r, plan, d: services.plan_item_add(
        plan=plan, data={k: v for k, v in d.items() if k != "version"}, actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("添加计划事项"), done=gettext_lazy("已添加计划事项"),
)  # fmt: skip
plan_item_remove = record_post(
    q.plan_item_get_for, PlanItem,
    run=lambda r, item, v: services.plan_item_remove(item=item, actor=r.user),
    done=gettext_lazy("已删除"), target=lambda item: item.plan,
)  # fmt: skip
plan_submit = record_post(
    q.plan_get_for, WorkPlan,
    run=lambda r, plan, v: services.plan_submit(plan=plan, actor=r.user, version=v),
    done=gettext_lazy("已提交主席团"),
)  # fmt: skip
plan_approve = record_post(
    q.plan_get_for, WorkPlan,
    run=lambda r, plan, v: services.plan_approve(plan=plan, actor=r.user, version=v),
    done=gettext_lazy("主席团已通过工作计划"),
)  # fmt: skip
plan_return = record_form(
    q.plan_get_for, WorkPlan, "oversight.decide",
    form=versioned(ReasonForm),
    run=lambda r, plan, d: services.plan_return(
        plan=plan, reason=d["reason"], actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("退回修改"), done=gettext_lazy("已退回修改"),
)  # fmt: skip
plan_amend = record_form(
    q.plan_get_for, WorkPlan, "oversight.manage",
    form=lambda data, plan: AmendForm(data, plan=plan, initial={"version": plan.version}),
    run=lambda r, plan, d: services.plan_amend(
        plan=plan, reason=d["reason"], items=d["items"], actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("调整年度工作计划"), done=gettext_lazy("已调整计划，原计划已留存"),
)  # fmt: skip


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
