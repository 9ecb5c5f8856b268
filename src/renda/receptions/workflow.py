"""The transition tables of a reception day and of an appeal (core.workflow).

Reception day: draft → published (the public notice) → held; draft/published → cancelled; a draft or
published day can be changed (a recorded step that keeps the state).
Appeal: submitted → assigned → replied → closed, with one second look: replied → reopened → replied. An assigned
or reopened appeal can be given to another responsible person (keeps the state); any appeal can be turned into
a deputy suggestion (keeps the state).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.workflow import Transition, Workflow

from .enums import AppealState, DayState
from .models import Appeal, ReceptionDay


def _day_refused(day) -> str:
    return _("接待日当前状态为“%(state)s”，不能进行此操作") % {"state": day.get_state_display()}


def _appeal_refused(appeal) -> str:
    return _("诉求当前状态为“%(state)s”，不能进行此操作") % {"state": appeal.get_state_display()}


OPEN_DAY = {DayState.DRAFT, DayState.PUBLISHED}

DAY = Workflow(
    ReceptionDay,
    [
        Transition(
            "update",
            OPEN_DAY,
            None,
            perm="receptions.manage",
            code="receptionday.updated",
            label=gettext_lazy("修改"),
            style="secondary",
        ),
        Transition(
            "publish",
            {DayState.DRAFT},
            DayState.PUBLISHED,
            perm="receptions.manage",
            code="receptionday.published",
            label=gettext_lazy("公示"),
        ),
        Transition(
            "record",
            {DayState.PUBLISHED},
            DayState.HELD,
            perm="receptions.record_day",
            code="receptionday.held",
            label=gettext_lazy("登记接待情况"),
        ),
        Transition(
            "cancel",
            OPEN_DAY,
            DayState.CANCELLED,
            perm="receptions.manage",
            code="receptionday.cancelled",
            label=gettext_lazy("取消接待日"),
            style="danger",
        ),
    ],
    conflict_message=_day_refused,
)

IN_HAND = {AppealState.ASSIGNED, AppealState.REOPENED}

APPEAL = Workflow(
    Appeal,
    [
        Transition(
            "assign",
            {AppealState.SUBMITTED},
            AppealState.ASSIGNED,
            perm="receptions.manage",
            code="appeal.assigned",
            label=gettext_lazy("交办责任人"),
        ),
        Transition(  # to another responsible person: the state stays (assigned, or reopened)
            "reassign",
            IN_HAND,
            None,
            perm="receptions.manage",
            code="appeal.assigned",
            label=gettext_lazy("交办责任人"),
        ),
        Transition(
            "reply",
            IN_HAND,
            AppealState.REPLIED,
            perm="receptions.reply",
            code="appeal.replied",
            label=gettext_lazy("答复"),
        ),
        Transition(
            "close",
            {AppealState.REPLIED},
            AppealState.CLOSED,
            perm="receptions.feedback",
            code="appeal.closed",
            label=gettext_lazy("电话回访评价"),
            style="success",
        ),
        Transition(
            "reopen",
            {AppealState.REPLIED},
            AppealState.REOPENED,
            perm="receptions.feedback",
            code="appeal.reopened",
            label=gettext_lazy("群众不满意，申请复查"),
        ),
        Transition(
            "convert",
            None,
            None,
            perm="receptions.manage",
            code="appeal.converted",
            label=gettext_lazy("转为代表建议"),
            style="secondary",
        ),
    ],
    figures=True,
    conflict_message=_appeal_refused,
)
