"""Clock writes (`clocks`) and the working-day calendar's writes (`official`), re-exported so that
`from renda.core.deadlines.services import clock_start` and `services.calendar_year_set(...)` keep working."""

from .clocks import (
    DueDate,
    clock_due,
    clock_explain,
    clock_extend,
    clock_handler_set,
    clock_pause,
    clock_resume,
    clock_start,
    clock_stop,
    clocks_refresh_reminders,
    due_date_compute,
    next_reminder_day,
)
from .official import (
    MAX_RANGE_DAYS,
    CalendarYearResult,
    calendar_dates_parse,
    calendar_override_delete,
    calendar_override_save,
    calendar_year_set,
    clocks_recompute,
)

__all__ = [
    "MAX_RANGE_DAYS",
    "CalendarYearResult",
    "DueDate",
    "calendar_dates_parse",
    "calendar_override_delete",
    "calendar_override_save",
    "calendar_year_set",
    "clock_due",
    "clock_explain",
    "clock_extend",
    "clock_handler_set",
    "clock_pause",
    "clock_resume",
    "clock_start",
    "clock_stop",
    "clocks_recompute",
    "clocks_refresh_reminders",
    "due_date_compute",
    "next_reminder_day",
]
