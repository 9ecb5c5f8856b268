"""The suggestion's tables: its state (SUGGESTION), its follow-up after closing (FOLLOWUP, on the same row's
`followup` field) and an extension request's decision (EXTENSION). Only `core.workflow.workflow_apply` moves
them; the pages read what to offer from here.

A transition whose target is None records a step that keeps the state (a unit signs, a contact is recorded).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.workflow import Transition, Workflow

from .models import ExtensionState, FollowUp, State, Suggestion, SuggestionExtension

HANDLING = {State.ASSIGNED, State.REHANDLING}
# The states a suggestion may be chosen (or dropped) as a key one in: accepted and after, not merged.
KEY = {State.ACCEPTED, State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED}
PUBLISHABLE = {State.REPLIED, State.REHANDLING, State.CLOSED}
MERGEABLE = {State.SUBMITTED, State.ACCEPTED}
ATTACHABLE = {State.DRAFT, State.COSIGNING, State.SUBMITTED, State.ACCEPTED}


def _refused(s) -> str:
    return _("建议当前状态为“%(state)s”，不能进行此操作") % {"state": State(s.state).label}


T = Transition

SUGGESTION = Workflow(
    Suggestion,
    [
        T("cosign_request", {State.DRAFT}, State.COSIGNING,
          perm="suggestions.submit", code="suggestion.cosign_requested", label=gettext_lazy("提交")),
        T("submit", {State.DRAFT, State.COSIGNING}, State.SUBMITTED,
          perm="suggestions.submit", code="suggestion.submitted", label=gettext_lazy("提交")),
        T("accept", {State.SUBMITTED}, State.ACCEPTED,
          perm="suggestions.review", code="suggestion.accepted", label=gettext_lazy("立案")),
        T("not_accept", {State.SUBMITTED}, State.NOT_ACCEPTED,
          perm="suggestions.review", code="suggestion.not_accepted", label=gettext_lazy("不予立案"),
          style="danger"),
        T("merge", MERGEABLE, State.MERGED,
          perm="suggestions.merge", code="suggestion.merged", label=gettext_lazy("并案")),
        T("merge_in", MERGEABLE, None,
          perm="suggestions.merge", code="suggestion.merged_in", label=gettext_lazy("并入建议")),
        T("assign", {State.ACCEPTED}, State.ASSIGNED,
          perm="suggestions.assign", code="suggestion.assigned", label=gettext_lazy("交办")),
        T("sign", HANDLING, None,
          perm="suggestions.handle", code="suggestion.signed", label=gettext_lazy("签收")),
        T("return", {State.ASSIGNED}, State.ACCEPTED,
          perm="suggestions.handle", code="suggestion.returned", label=gettext_lazy("退办")),
        T("return_co", {State.ASSIGNED}, None,
          perm="suggestions.handle", code="suggestion.returned", label=gettext_lazy("退办")),
        T("contact", HANDLING, None,
          perm="suggestions.handle", code="suggestion.contacted", label=gettext_lazy("联系沟通")),
        T("co_opinion", HANDLING, None,
          perm="suggestions.handle", code="suggestion.co_opinion", label=gettext_lazy("协办意见")),
        T("extension_request", HANDLING, None,
          perm="suggestions.handle", code="suggestion.extension_requested", label=gettext_lazy("申请延期")),
        # Deciding a pending request does not depend on the suggestion's state (the request's own table does).
        T("extension_approve", None, None,
          perm="suggestions.decide_extension", code="suggestion.extension_approved",
          label=gettext_lazy("批准延期")),
        T("extension_refuse", None, None,
          perm="suggestions.decide_extension", code="suggestion.extension_refused",
          label=gettext_lazy("不批准延期")),
        T("reply", HANDLING, State.REPLIED,
          perm="suggestions.handle", code="suggestion.replied", label=gettext_lazy("答复")),
        T("feedback", {State.REPLIED}, None,
          perm="suggestions.feedback", code="suggestion.feedback", label=gettext_lazy("反馈")),
        # After the last feedback (or town staff closing for the silent ones): 不满意 on a first reply.
        T("rehandle", {State.REPLIED}, State.REHANDLING,
          perm="suggestions.close", code="suggestion.rehandling", label=gettext_lazy("重新办理")),
        T("close", {State.REPLIED}, State.CLOSED,
          perm="suggestions.close", code="suggestion.closed", label=gettext_lazy("办结")),
        T("key_set", KEY, None,
          perm="suggestions.key", code="suggestion.key_chosen", label=gettext_lazy("列为重点督办")),
        T("key_remove", KEY, None,
          perm="suggestions.key", code="suggestion.key_removed", label=gettext_lazy("取消重点督办")),
        T("publish", PUBLISHABLE, None,
          perm="suggestions.publish", code="suggestion.published", label=gettext_lazy("公开答复")),
        T("unpublish", None, None,
          perm="suggestions.publish", code="suggestion.unpublished", label=gettext_lazy("撤回公开")),
    ],
    figures=True,
    conflict_message=_refused,
)  # fmt: skip


def _not_followed(s) -> str:
    return _("该建议不在后续跟踪清单上")


# A B/C item stays on the follow-up list after closing (opened by the `close` transition with the field).
FOLLOWUP = Workflow(
    Suggestion,
    [
        T("followup_due", {FollowUp.OPEN}, FollowUp.DUE,
          perm="suggestions.followup", code="suggestion.followup_due", label=gettext_lazy("后续跟踪到期")),
        T("followup_done", {FollowUp.OPEN, FollowUp.DUE}, FollowUp.DONE,
          perm="suggestions.followup", code="suggestion.followup_checked", label=gettext_lazy("已落实")),
        T("followup_again", {FollowUp.OPEN, FollowUp.DUE}, FollowUp.OPEN,
          perm="suggestions.followup", code="suggestion.followup_checked",
          label=gettext_lazy("继续跟踪")),
    ],
    state_field="followup",
    register=False,
    conflict_message=_not_followed,
)  # fmt: skip


def _decided(e) -> str:
    return _("该延期申请已审批")


EXTENSION = Workflow(
    SuggestionExtension,
    [
        T("approve", {ExtensionState.PENDING}, ExtensionState.APPROVED,
          perm="suggestions.decide_extension", code="suggestion_extension.approved",
          label=gettext_lazy("批准")),
        T("refuse", {ExtensionState.PENDING}, ExtensionState.REFUSED,
          perm="suggestions.decide_extension", code="suggestion_extension.refused",
          label=gettext_lazy("不批准"), style="danger"),
    ],
    conflict_message=_decided,
)  # fmt: skip


def can_start(action: str, state: str, workflow: Workflow = SUGGESTION) -> bool:
    """Whether the table lets `action` start from `state` (what a page offers, before who may)."""
    return workflow.transition(action).starts_from(state)
