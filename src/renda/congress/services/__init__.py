"""Congress writes (C2), by step: sessions, attendance, motions, votes. Views and the API call these; each
checks its permission itself (`congress/rules.py`), changes state only through `workflow_apply` (the tables in
`congress/workflow.py`) and writes its audit row."""

from ._common import session_days, session_editable, session_in_progress
from .attendance import (
    absence_count,
    absence_flag_resolve,
    absence_rule_apply,
    leave_request_create,
    leave_request_decide,
    roll_call_record,
)
from .motions import (
    motion_cosign,
    motion_create,
    motion_decide,
    motion_lodge,
    motion_min_signers,
    motion_open_for_signing,
    motion_to_suggestion,
    motion_withdraw,
)
from .sessions import (
    SESSION_EDIT_FIELDS,
    agenda_item_add,
    agenda_item_update,
    agenda_item_version,
    budget_adjustment_record,
    deliberation_opinion_add,
    session_close,
    session_create,
    session_document_add,
    session_open,
    session_update,
)
from .votes import (
    COUNT_FIELDS,
    vote_close,
    vote_correct,
    vote_counts_editable,
    vote_create,
    vote_record,
    vote_result,
)

__all__ = [
    "COUNT_FIELDS",
    "SESSION_EDIT_FIELDS",
    "absence_count",
    "absence_flag_resolve",
    "absence_rule_apply",
    "agenda_item_add",
    "agenda_item_update",
    "agenda_item_version",
    "budget_adjustment_record",
    "deliberation_opinion_add",
    "leave_request_create",
    "leave_request_decide",
    "motion_cosign",
    "motion_create",
    "motion_decide",
    "motion_lodge",
    "motion_min_signers",
    "motion_open_for_signing",
    "motion_to_suggestion",
    "motion_withdraw",
    "roll_call_record",
    "session_close",
    "session_create",
    "session_days",
    "session_document_add",
    "session_editable",
    "session_in_progress",
    "session_open",
    "session_update",
    "vote_close",
    "vote_correct",
    "vote_counts_editable",
    "vote_create",
    "vote_record",
    "vote_result",
]
