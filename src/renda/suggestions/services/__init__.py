"""Suggestion writes (C3), by step. Views, forms and the API call these; each checks its permission
(`require`, suggestions/rules.py) and moves the state only through `core.workflow.workflow_apply` along the
tables of suggestions/workflow.py; every write locks the suggestion row and, when the caller read a
`version`, refuses a stale one (a stale Conflict: 请刷新后重试).

    submission   create (+ signers, first attachment, submit), submit, cosign, attachments, create_from
    review       review (立案), assign (交办), merge (并案)
    handling     sign, return, contacts, co-opinions, extension request and decision
    reply        reply, feedback, close
    supervision  key suggestions and their notice, publication, follow-up
    supervision_log  the supervisors' log of a key suggestion (督办记录), the daily flag of unsupervised ones
"""

from ..phrases import CONFIG_LABELS, MESSAGES
from ..workflow import KEY as KEY_STATES
from ._common import ALLOWED, OutcomeClass, not_accepted_reasons, outcome_class_rows, outcome_classes
from .handling import (
    suggestion_co_opinion,
    suggestion_contact_record,
    suggestion_extension_decide,
    suggestion_extension_request,
    suggestion_return,
    suggestion_sign,
)
from .reply import suggestion_close, suggestion_feedback, suggestion_reply
from .review import suggestion_assign, suggestion_merge, suggestion_review
from .submission import (
    suggestion_attachment_add,
    suggestion_cosign,
    suggestion_create,
    suggestion_create_from,
    suggestion_create_with_attachment,
    suggestion_submit,
)
from .supervision import (
    key_notice_issue,
    key_notice_items,
    key_notice_next_number,
    suggestion_followup_check,
    suggestion_key_set,
    suggestion_publish,
    suggestions_followup_sweep,
)
from .supervision_log import (
    SUPERVISABLE,
    suggestions_supervision_sweep,
    supervision_entry_record,
    supervision_idle_days,
)

__all__ = [
    "ALLOWED",
    "CONFIG_LABELS",
    "KEY_STATES",
    "MESSAGES",
    "OutcomeClass",
    "SUPERVISABLE",
    "key_notice_issue",
    "key_notice_items",
    "key_notice_next_number",
    "not_accepted_reasons",
    "outcome_class_rows",
    "outcome_classes",
    "suggestion_assign",
    "suggestion_attachment_add",
    "suggestion_close",
    "suggestion_co_opinion",
    "suggestion_contact_record",
    "suggestion_cosign",
    "suggestion_create",
    "suggestion_create_from",
    "suggestion_create_with_attachment",
    "suggestion_extension_decide",
    "suggestion_extension_request",
    "suggestion_feedback",
    "suggestion_followup_check",
    "suggestion_key_set",
    "suggestion_merge",
    "suggestion_publish",
    "suggestion_reply",
    "suggestion_return",
    "suggestion_review",
    "suggestion_sign",
    "suggestion_submit",
    "suggestions_followup_sweep",
    "suggestions_supervision_sweep",
    "supervision_entry_record",
    "supervision_idle_days",
]
