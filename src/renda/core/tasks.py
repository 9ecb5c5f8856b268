"""Background work of core: the deadline sweep and notification delivery.

Django tasks (`@task`) go through the Huey backend (renda.core.taskqueue); the Huey periodic tasks below
(picked up by djhuey's autodiscovery of `tasks` modules) run the sweep every few minutes and the daily
digest. Tasks take ids and dates, never model objects, and are safe to retry. The sweep reads across
towns (scopes disabled: a background job, no user); delivery re-enters the notification's town scope.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task
from django_scopes import scope, scopes_disabled
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task
def deadlines_sweep_task(at: str | None = None) -> dict:
    from .deadlines.sweep import deadlines_sweep

    # A background job over all towns: no user, so no user scope.
    with scopes_disabled():  # a background job over all towns
        result = deadlines_sweep(today=dt.date.fromisoformat(at) if at else None)
    return {"today": result.today.isoformat(), "clocks": result.clocks, "reminders": result.reminders}


@task
def notifications_deliver(ids: list[int]) -> int:
    from .notifications.models import Notification
    from .notifications.services import notifications_deliver_ids

    town_ids = list(Notification.unscoped.filter(pk__in=ids).values_list("town_id", flat=True).distinct())
    with scope(town=town_ids):
        return notifications_deliver_ids(ids)


@task
def notifications_digest_task() -> int:
    from .notifications.services import notifications_send_digests

    # Digests span each user's towns; only the user's own rows are read.
    with scopes_disabled():  # a background job over all towns
        return notifications_send_digests()


@db_periodic_task(crontab(minute=f"*/{settings.RENDA['SWEEP_EVERY_MINUTES']}"))
def deadlines_sweep_periodic():
    deadlines_sweep_task.call()


@db_periodic_task(crontab(hour=str(settings.RENDA["NOTIFICATION_DIGEST_HOUR"]), minute="0"))
def notifications_digest_periodic():
    notifications_digest_task.call()
