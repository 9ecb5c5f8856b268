"""What the campaigns services share: today, a moment of a day, the locked row, notifications after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from renda.core.errors import conflict_stale


def _today() -> dt.date:
    return timezone.localdate()


def _locked(obj, version: int | None = None):
    locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    if version is not None and locked.version != version:
        raise conflict_stale()
    return locked


def _notify(rows: Iterable[tuple[int, int, str, dict]], template: str) -> None:
    """Inbox rows (town id, user id, link, params) of kind "campaign", created after commit."""
    from renda.core.notifications.models import Notification, NotificationKind
    from renda.core.notifications.services import notifications_create

    rows = list(rows)
    if not rows:
        return

    def send():
        notifications_create(
            [
                Notification(
                    town_id=town_id,
                    user_id=user_id,
                    kind=NotificationKind.CAMPAIGN,
                    template=template,
                    params=params,
                    link=link,
                )
                for town_id, user_id, link, params in rows
            ]
        )

    transaction.on_commit(send)
