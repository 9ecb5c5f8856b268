"""The clock kind of this module (registered in its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.deadlines.rules import clock_kind_register

PLAN_CLOCK = "groupplan.filing"


def register() -> None:
    # A deputy group's yearly plan: from 1 January to RENDA["GROUP_PLAN_DEADLINE"] (default 31 January); the
    # clock's person is the group's leader, reminded before and told after (RENDA["REMINDER_RULES"]).
    clock_kind_register(PLAN_CLOCK, _("代表小组活动计划报备期限"), _("年度起始日"), due_field="deadline")
