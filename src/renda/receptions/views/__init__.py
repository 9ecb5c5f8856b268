"""Reception and appeal pages (staff, deputies, handlers, petitions office, discipline inspection).

Split by subject: `days` (reception days, the schedule, the setting, the rota groups, the calendar) and
`appeals`. Each step runs one service through `core.web.web_step`; what a page offers is read from the
transition tables (`core.workflow.workflow_actions_for`)."""

from .appeals import (
    appeal_assign,
    appeal_convert,
    appeal_create,
    appeal_detail,
    appeal_feedback,
    appeal_list,
    appeal_pii,
    appeal_reply,
    discipline_overdue,
    petitions_due,
    stats,
)
from .days import (
    calendar,
    calendar_feed,
    day_appeal_create,
    day_cancel,
    day_create,
    day_detail,
    day_edit,
    day_list,
    day_notice_docx,
    day_notice_pdf,
    day_publish,
    day_record,
    group_create,
    group_edit,
    group_list,
    schedule,
    setting_edit,
)

__all__ = [
    "appeal_assign",
    "appeal_convert",
    "appeal_create",
    "appeal_detail",
    "appeal_feedback",
    "appeal_list",
    "appeal_pii",
    "appeal_reply",
    "calendar",
    "calendar_feed",
    "day_appeal_create",
    "day_cancel",
    "day_create",
    "day_detail",
    "day_edit",
    "day_list",
    "day_notice_docx",
    "day_notice_pdf",
    "day_publish",
    "day_record",
    "discipline_overdue",
    "group_create",
    "group_edit",
    "group_list",
    "petitions_due",
    "schedule",
    "setting_edit",
    "stats",
]
