"""What the receptions services share: today, the tokens, the same-town check, the locked rows."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import conflict_stale
from renda.core.models import Town

from ..models import Appeal, ReceptionDay

APPEAL_CLOCK = "appeal.reply"
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone


def _today() -> dt.date:
    return timezone.localdate()


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _token() -> str:
    return secrets.token_urlsafe(12)


def _same_town(town: Town, values: Iterable) -> None:
    for v in values:
        if v is not None and getattr(v, "town_id", town.pk) != town.pk:
            raise ValidationError(_("只能选择本镇（街道）的记录"))


def _locked_day(day: ReceptionDay, version: int | None = None) -> ReceptionDay:
    locked = ReceptionDay.objects.select_for_update().get(pk=day.pk)
    if version is not None and locked.version != version:
        raise conflict_stale()
    return locked


def _locked_appeal(appeal: Appeal, version: int | None = None) -> Appeal:
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if version is not None and locked.version != version:
        raise conflict_stale()
    return locked
