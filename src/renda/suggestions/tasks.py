"""Background work of suggestions: B/C items whose planned date has passed come back to town staff; overdue
key suggestions nobody supervised for a period are flagged to their supervisors.

Huey runs the periodic task daily (djhuey autodiscovers `tasks` modules); the service is idempotent."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task
from django_scopes import scopes_disabled
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task
def suggestions_followup_task() -> int:
    from .services import suggestions_followup_sweep

    # A background job over all towns: no user, so no user scope.
    with scopes_disabled():  # a background job over all towns
        return suggestions_followup_sweep()


@db_periodic_task(crontab(hour=str(settings.RENDA["SUGGESTION_FOLLOWUP_HOUR"]), minute="5"))
def suggestions_followup_periodic():
    suggestions_followup_task.call()


@task
def suggestions_supervision_task() -> int:
    from .services import suggestions_supervision_sweep

    with scopes_disabled():  # a background job over all towns
        return suggestions_supervision_sweep()


@db_periodic_task(crontab(hour=str(settings.RENDA["SUGGESTION_SUPERVISION_HOUR"]), minute="10"))
def suggestions_supervision_periodic():
    suggestions_supervision_task.call()
