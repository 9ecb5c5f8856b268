"""The transition tables of presidium work in recess (core.workflow).

Work plan: draft → submitted (to the presidium) → approved; an approved plan is amended (a recorded revision
that keeps the state and the old lines).
Activity: draft → published (the notice to the invited deputies, N days ahead) → held; draft/published →
cancelled; a draft or published activity can be changed (keeps the state).
Deliberation opinion: draft → issued (the official document to the town government) → answered (its written
response).
Rectification item: assigned → reported (the unit's completion report) → closed (验收 accepted, 销号) →
confirmed (回头看 confirms it); reported → assigned (验收 rejected: back to the unit with a reason and a new
deadline); closed → reopened (回头看 finds it not put right) → reported …; progress reports keep the state.
Station appraisal: draft → scoring → closed (scoring ends; key problems chosen) → published (ranking).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.workflow import Transition, Workflow

from .enums import ActivityState, AppraisalState, OpinionState, PlanState, RectificationState
from .models import Activity, Appraisal, Opinion, RectificationItem, WorkPlan


def _refused(what):
    def message(obj) -> str:
        return _("%(what)s当前状态为“%(state)s”，不能进行此操作") % {
            "what": what,
            "state": obj.get_state_display(),
        }

    return message


def _edit(model: str, sources) -> Transition:
    """Staff change the record's fields while it is open (a recorded step that keeps the state)."""
    return Transition(
        "update",
        sources,
        None,
        perm="oversight.manage",
        code=f"{model}.updated",
        label=gettext_lazy("修改"),
        style="secondary",
    )


PLAN = Workflow(
    WorkPlan,
    [
        _edit("workplan", {PlanState.DRAFT}),
        Transition(
            "submit",
            {PlanState.DRAFT},
            PlanState.SUBMITTED,
            perm="oversight.manage",
            code="workplan.submitted",
            label=gettext_lazy("提交主席团"),
        ),
        Transition(
            "approve",
            {PlanState.SUBMITTED},
            PlanState.APPROVED,
            perm="oversight.decide",
            code="workplan.approved",
            label=gettext_lazy("主席团通过"),
            style="success",
        ),
        Transition(
            "return",
            {PlanState.SUBMITTED},
            PlanState.DRAFT,
            perm="oversight.decide",
            code="workplan.returned",
            label=gettext_lazy("退回修改"),
            style="secondary",
        ),
        Transition(
            "amend",
            {PlanState.APPROVED},
            None,
            perm="oversight.manage",
            code="workplan.amended",
            label=gettext_lazy("调整计划"),
            style="secondary",
        ),
    ],
    figures=True,
    conflict_message=_refused(gettext_lazy("工作计划")),
)

OPEN_ACTIVITY = {ActivityState.DRAFT, ActivityState.PUBLISHED}

ACTIVITY = Workflow(
    Activity,
    [
        _edit("activity", OPEN_ACTIVITY),
        Transition(
            "publish",
            {ActivityState.DRAFT},
            ActivityState.PUBLISHED,
            perm="oversight.manage",
            code="activity.published",
            label=gettext_lazy("发出活动通知"),
        ),
        Transition(
            "record",
            {ActivityState.PUBLISHED},
            ActivityState.HELD,
            perm="oversight.manage",
            code="activity.held",
            label=gettext_lazy("登记活动情况"),
        ),
        Transition(
            "cancel",
            OPEN_ACTIVITY,
            ActivityState.CANCELLED,
            perm="oversight.manage",
            code="activity.cancelled",
            label=gettext_lazy("取消活动"),
            style="danger",
        ),
    ],
    figures=True,
    conflict_message=_refused(gettext_lazy("活动")),
)

OPINION = Workflow(
    Opinion,
    [
        _edit("opinion", {OpinionState.DRAFT}),
        Transition(
            "issue",
            {OpinionState.DRAFT},
            OpinionState.ISSUED,
            perm="oversight.decide",
            code="opinion.issued",
            label=gettext_lazy("印发审议意见"),
        ),
        Transition(
            "respond",
            {OpinionState.ISSUED},
            OpinionState.ANSWERED,
            perm="oversight.manage",
            code="opinion.answered",
            label=gettext_lazy("登记政府书面反馈"),
        ),
    ],
    conflict_message=_refused(gettext_lazy("审议意见")),
)

IN_HAND = {RectificationState.ASSIGNED, RectificationState.REOPENED}

RECTIFICATION = Workflow(
    RectificationItem,
    [
        Transition(  # a progress report with evidence: the state stays
            "progress",
            IN_HAND,
            None,
            perm="oversight.rectify",
            code="rectification.progress",
            label=gettext_lazy("报送整改进展"),
            style="secondary",
        ),
        Transition(
            "complete",
            IN_HAND,
            RectificationState.REPORTED,
            perm="oversight.rectify",
            code="rectification.reported",
            label=gettext_lazy("报送整改完成报告"),
        ),
        Transition(
            "accept",
            {RectificationState.REPORTED},
            RectificationState.CLOSED,
            perm="oversight.verify",
            code="rectification.closed",
            label=gettext_lazy("验收通过，销号"),
            style="success",
        ),
        Transition(
            "reject",
            {RectificationState.REPORTED},
            RectificationState.ASSIGNED,
            perm="oversight.verify",
            code="rectification.rejected",
            label=gettext_lazy("验收不通过，退回整改"),
            style="danger",
        ),
        Transition(
            "confirm",
            {RectificationState.CLOSED},
            RectificationState.CONFIRMED,
            perm="oversight.verify",
            code="rectification.confirmed",
            label=gettext_lazy("回头看：整改到位"),
            style="success",
        ),
        Transition(
            "reopen",
            {RectificationState.CLOSED},
            RectificationState.REOPENED,
            perm="oversight.verify",
            code="rectification.reopened",
            label=gettext_lazy("回头看：重新整改"),
            style="danger",
        ),
    ],
    figures=True,
    conflict_message=_refused(gettext_lazy("整改事项")),
)

APPRAISAL = Workflow(
    Appraisal,
    [
        _edit("appraisal", {AppraisalState.DRAFT}),
        Transition(
            "open",
            {AppraisalState.DRAFT},
            AppraisalState.SCORING,
            perm="oversight.manage",
            code="appraisal.opened",
            label=gettext_lazy("开始测评"),
        ),
        Transition(
            "close",
            {AppraisalState.SCORING},
            AppraisalState.CLOSED,
            perm="oversight.manage",
            code="appraisal.closed",
            label=gettext_lazy("结束测评"),
        ),
        Transition(  # 选取重点: a key problem becomes a rectification item of the station (the state stays)
            "select",
            {AppraisalState.CLOSED, AppraisalState.PUBLISHED},
            None,
            perm="oversight.decide",
            code="appraisal.key_problem",
            label=gettext_lazy("选取重点问题"),
            style="secondary",
        ),
        Transition(
            "publish",
            {AppraisalState.CLOSED},
            AppraisalState.PUBLISHED,
            perm="oversight.decide",
            code="appraisal.published",
            label=gettext_lazy("公布评议结果"),
            style="success",
        ),
    ],
    conflict_message=_refused(gettext_lazy("站所评议")),
)
