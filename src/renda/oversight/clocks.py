"""The clock kinds of this module (registered in its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.deadlines.rules import clock_kind_register


def register() -> None:
    # The unit's deadline to put an item right (a new clock after a rejection or a reopening re-check).
    clock_kind_register("rectification.report", _("整改期限"), _("交办日"), due_field="due_date")
    # The re-check (回头看) a configured time after closure.
    clock_kind_register("rectification.recheck", _("整改回头看"), _("销号日"), due_field="recheck_date")
    # Activity notices to the invited deputies, N days ahead (shared with reception-day notices).
    clock_kind_register("activity.notice", _("活动通知"), _("通知日"))
