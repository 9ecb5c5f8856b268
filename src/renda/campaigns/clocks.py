"""The clock kind of this module (registered in its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.deadlines.rules import clock_kind_register

FOLLOWUP_CLOCK = "campaign.followup"


def register() -> None:
    # A town's follow-up of a district campaign: RENDA["CAMPAIGN_FOLLOWUP_DAYS"] (or the campaign's own window)
    # from the launch; town staff reminded before, the district told after (RENDA["REMINDER_RULES"]).
    clock_kind_register(FOLLOWUP_CLOCK, _("专项督查跟进期限"), _("部署日"), due_field="due_date")
