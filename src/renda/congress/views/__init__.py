"""Congress pages: parse input, call one service (through `renda.core.web.web_form_page` / `web_step`), render.
A POST that succeeds answers with a redirect and a message; a form that fails shows its page again with what
was typed and each error next to its field; a step refused for the record's state goes back to its page. What a page offers is read from the transition tables (`workflow_actions_for`)."""

from .compliance import budget_adjustment_record, compliance, flag_detail, flag_list, flag_resolve
from .motions import (
    motion_cosign,
    motion_create,
    motion_decide,
    motion_detail,
    motion_list,
    motion_lodge,
    motion_withdraw,
)
from .sessions import (
    agenda_item_cover_docx,
    agenda_item_opinion_add,
    document_download,
    leave_decide,
    session_agenda_add,
    session_agenda_docx,
    session_close,
    session_create,
    session_decisions_docx,
    session_detail,
    session_document_add,
    session_leave_add,
    session_list,
    session_rollcall,
)
from .votes import vote_correct, vote_create, vote_detail, vote_record

__all__ = [
    "agenda_item_cover_docx",
    "agenda_item_opinion_add",
    "budget_adjustment_record",
    "compliance",
    "document_download",
    "flag_detail",
    "flag_list",
    "flag_resolve",
    "leave_decide",
    "motion_cosign",
    "motion_create",
    "motion_decide",
    "motion_detail",
    "motion_list",
    "motion_lodge",
    "motion_withdraw",
    "session_agenda_add",
    "session_agenda_docx",
    "session_close",
    "session_create",
    "session_decisions_docx",
    "session_detail",
    "session_document_add",
    "session_leave_add",
    "session_list",
    "session_rollcall",
    "vote_correct",
    "vote_create",
    "vote_detail",
    "vote_record",
]
