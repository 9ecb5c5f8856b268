"""The transition table of an other duty (core.workflow): entered → confirmed / rejected, by town staff (never
the deputy the duty is for)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.workflow import Transition, Workflow

from .enums import DutyState, PlanState
from .models import GroupPlan, OtherDuty


def _refused(obj) -> str:
    return _("该履职事项当前状态为“%(state)s”，不能进行此操作") % {"state": obj.get_state_display()}


DUTY = Workflow(
    OtherDuty,
    [
        Transition(
            "confirm",
            {DutyState.ENTERED},
            DutyState.CONFIRMED,
            perm="performance.confirm",
            code="otherduty.confirmed",
            label=gettext_lazy("确认"),
            style="success",
        ),
        Transition(
            "reject",
            {DutyState.ENTERED},
            DutyState.REJECTED,
            perm="performance.confirm",
            code="otherduty.rejected",
            label=gettext_lazy("不予确认"),
            style="secondary",
        ),
    ],
    conflict_message=_refused,
)


def _plan_refused(obj) -> str:
    return _("该活动计划当前状态为“%(state)s”，不能进行此操作") % {"state": obj.get_state_display()}


# A deputy group's yearly plan: pending (the year opened, the filing clock running) → filed, by the group's
# leader or a member or town staff (the service names who may, with a clear message for anyone else).
PLAN = Workflow(
    GroupPlan,
    [
        Transition(
            "file",
            {PlanState.PENDING},
            PlanState.FILED,
            perm="performance.file_plan",
            code="groupplan.filed",
            label=gettext_lazy("报备"),
            style="primary",
        ),
    ],
    conflict_message=_plan_refused,
)
