"""What the oversight services share: today, the same-town check, the locked rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import conflict_stale
from renda.core.models import Town


def _today() -> dt.date:
    return timezone.localdate()


def _at(on: dt.date | None) -> dt.datetime:
    """A moment on day `on` (now if today or None), for steps recorded as made on an earlier day (demo data,
    catching up the records)."""
    if on is None or on >= _today():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))


def _same_town(town: Town, values: Iterable) -> None:
    for v in values:
        if v is not None and getattr(v, "town_id", town.pk) != town.pk:
            raise ValidationError(_("只能选择本镇（街道）的记录"))


def _locked(obj, version: int | None = None):
    locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    if version is not None and locked.version != version:
        raise conflict_stale()
    return locked
