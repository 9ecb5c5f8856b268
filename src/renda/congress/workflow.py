"""The congress transition tables (on `renda.core.workflow`): the only way a state changes.

- Session: planned → open (quorum checked against the registry on the opening day) → closed.
- Motion: draft (collecting co-signers) → lodged (numbered) → on_agenda → voted; lodged → not_on_agenda
  (handled as a suggestion); draft → withdrawn by the lead, lodged/on_agenda → withdrawn with the presidium's
  consent.
- Vote: open → closed (result computed and stored); counts are recorded (open or closed, while the session is
  open) and corrected (closed, after the session) as steps that keep the state.
- LeaveRequest: requested → approved | refused (by the presidium or staff acting for it).
- AbsenceFlag: open → resolved (the presidium decides; the mandate is never ended here).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.workflow import Transition, Workflow

from .enums import FlagState, LeaveState, MotionState, SessionState, VoteState
from .models import AbsenceFlag, LeaveRequest, Motion, Session, Vote


def _refuse(obj) -> str:
    return _("当前状态（%(s)s）不能进行此操作") % {"s": obj.get_state_display()}


SESSION = Workflow(
    Session,
    [
        Transition(
            "open", {SessionState.PLANNED}, SessionState.OPEN,
            perm="congress.session_open", code="session.opened", label=gettext_lazy("宣布开会"),
        ),
        Transition(
            "close", {SessionState.OPEN}, SessionState.CLOSED,
            perm="congress.session_close", code="session.closed", label=gettext_lazy("宣布闭幕"), style="danger",
        ),
    ],
    conflict_message=_refuse,
)  # fmt: skip

MOTION = Workflow(
    Motion,
    [
        Transition(
            "lodge", {MotionState.DRAFT}, MotionState.LODGED,
            perm="congress.motion_lodge", code="motion.lodged", label=gettext_lazy("提出议案"),
        ),
        Transition(
            "put_on_agenda", {MotionState.LODGED}, MotionState.ON_AGENDA,
            perm="congress.motion_decide", code="motion.on_agenda", label=gettext_lazy("列入会议议程"),
        ),
        Transition(
            "keep_off_agenda", {MotionState.LODGED}, MotionState.NOT_ON_AGENDA,
            perm="congress.motion_decide", code="motion.not_on_agenda",
            label=gettext_lazy("不列入议程，转为代表建议"), style="secondary",
        ),
        Transition(
            "vote", {MotionState.ON_AGENDA}, MotionState.VOTED,
            perm="congress.vote_close", code="motion.voted", label=gettext_lazy("已表决"),
        ),
        Transition(
            "withdraw", {MotionState.DRAFT}, MotionState.WITHDRAWN,
            perm="congress.motion_withdraw", code="motion.withdrawn", label=gettext_lazy("撤回"), style="danger",
        ),
        Transition(
            "withdraw_consented", {MotionState.LODGED, MotionState.ON_AGENDA}, MotionState.WITHDRAWN,
            perm="congress.motion_withdraw_consent", code="motion.withdrawn", label=gettext_lazy("撤回"),
            style="danger",
        ),
    ],
    conflict_message=_refuse,
)  # fmt: skip

VOTE = Workflow(
    Vote,
    [
        Transition(
            "record", None, None,
            perm="congress.vote_record", code="vote.recorded", label=gettext_lazy("保存票数"),
        ),
        Transition(
            "close", {VoteState.OPEN}, VoteState.CLOSED,
            perm="congress.vote_close", code="vote.closed", label=gettext_lazy("计票并公布结果"),
        ),
        Transition(
            "correct", {VoteState.CLOSED}, None,
            perm="congress.vote_correct", code="vote.corrected", label=gettext_lazy("更正表决结果"),
        ),
    ],
    conflict_message=_refuse,
)  # fmt: skip

LEAVE = Workflow(
    LeaveRequest,
    [
        Transition(
            "approve", {LeaveState.REQUESTED}, LeaveState.APPROVED,
            perm="congress.leave_decide", code="leave.approved", label=gettext_lazy("批准"), style="success",
        ),
        Transition(
            "refuse", {LeaveState.REQUESTED}, LeaveState.REFUSED,
            perm="congress.leave_decide", code="leave.refused", label=gettext_lazy("不批准"),
            style="outline-danger",
        ),
    ],
    conflict_message=_refuse,
)  # fmt: skip

ABSENCE_FLAG = Workflow(
    AbsenceFlag,
    [
        Transition(
            "resolve", {FlagState.OPEN}, FlagState.RESOLVED,
            perm="congress.flag_resolve", code="absence.resolved", label=gettext_lazy("记录处理结果"),
        ),
    ],
    conflict_message=_refuse,
)  # fmt: skip
