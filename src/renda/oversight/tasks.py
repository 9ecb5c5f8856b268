"""Background work of oversight: the notices of activities whose notice day has come (N days ahead).

Huey runs the periodic task daily (djhuey autodiscovers `tasks` modules); the service is idempotent and a
late run catches up."""

from __future__ import annotations

from django.tasks import task
from django_scopes import scopes_disabled
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task
def activity_notices_task() -> int:
    from .services.activities import activity_notices_send

    with scopes_disabled():  # a background job over all towns
        return activity_notices_send()


@db_periodic_task(crontab(minute="20"))  # hourly: a notice goes out early on its day, a missed run catches up
def activity_notices_periodic():
    activity_notices_task.call()
