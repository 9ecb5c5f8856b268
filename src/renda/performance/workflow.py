"""The transition table of an other duty (core.workflow): entered → confirmed / rejected, by town staff (never
the deputy the duty is for)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.workflow import Transition, Workflow

from .enums import DutyState
from .models import OtherDuty


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
