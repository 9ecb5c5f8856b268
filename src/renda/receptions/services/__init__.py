"""Reception and appeal writes (C4). Views, forms and the API call these; each checks its permission
(`require`, see ..rules) and writes its audit row; every change of state goes through `workflow_apply` with the
tables of ..workflow.

Split by step: `days` (the setting, the rota groups, the schedule, a reception day's steps) and `appeals`."""

from ._common import APPEAL_CLOCK, TRACKING_ALPHABET
from .appeals import (
    appeal_assign,
    appeal_categories,
    appeal_convert_to_suggestion,
    appeal_feedback_by_voter,
    appeal_feedback_record,
    appeal_handler_grants,
    appeal_pii_viewed,
    appeal_reply,
    appeal_submit,
    place_code_for,
    tracking_code_new,
)
from .days import (
    reception_day_cancel,
    reception_day_create,
    reception_day_publish,
    reception_day_record,
    reception_day_update,
    reception_days_create_from_proposal,
    reception_group_create,
    reception_group_update,
    reception_schedule_propose,
    reception_schedules_propose,
    reception_setting_for,
    reception_setting_save,
)

__all__ = [
    "APPEAL_CLOCK",
    "TRACKING_ALPHABET",
    "appeal_assign",
    "appeal_categories",
    "appeal_convert_to_suggestion",
    "appeal_feedback_by_voter",
    "appeal_feedback_record",
    "appeal_handler_grants",
    "appeal_pii_viewed",
    "appeal_reply",
    "appeal_submit",
    "place_code_for",
    "reception_day_cancel",
    "reception_day_create",
    "reception_day_publish",
    "reception_day_record",
    "reception_day_update",
    "reception_days_create_from_proposal",
    "reception_group_create",
    "reception_group_update",
    "reception_schedule_propose",
    "reception_schedules_propose",
    "reception_setting_for",
    "reception_setting_save",
    "tracking_code_new",
]
