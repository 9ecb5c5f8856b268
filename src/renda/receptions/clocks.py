"""The clock kinds of this module (registered in its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.deadlines.rules import clock_kind_register


def register() -> None:
    clock_kind_register("appeal.reply", _("诉求答复"), _("登记日"), due_field="due_date")
    # Reception-day notices published ahead of the day (an app with other activities may register it too).
    clock_kind_register("activity.notice", _("活动通知"), _("通知日"))
