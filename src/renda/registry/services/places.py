"""Registry writes: villages and communities, terms, electoral districts and their seats."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.models import Town
from renda.core.permissions import require

from ..enums import MandateStatus
from ..models import ElectoralDistrict, Seat, Term, Village
from ._base import EDIT, _create, _update

# --- villages and communities -------------------------------------------------------------------


@transaction.atomic
def village_create(*, town: Town, data: dict[str, Any], actor) -> Village:
    data = {"division_town": town} | data
    return _create(Village, town=town, data=data, actor=actor, code="village.created")


@transaction.atomic
def village_update(*, village: Village, data: dict[str, Any], actor) -> Village:
    data = {k: v for k, v in data.items() if k not in {"code", "division_town"}}
    return _update(village, data=data, actor=actor, code="village.updated")


@transaction.atomic
def village_end(*, village: Village, end_date: dt.date, reason: str, actor) -> Village:
    require(actor, EDIT, village)
    if not village.active:
        raise ValidationError(_("该村（社区）已撤销"))
    village.active = False
    village.save(update_fields=["active", "updated_at"])
    activity_record(
        code="village.ended", actor=actor, subject=village, data={"end_date": end_date, "reason": reason}
    )
    return village


@transaction.atomic
def village_attach(*, village: Village, town: Town, actor) -> Village:
    """District–town integration (区镇合一): the village belongs to `town` for congress purposes."""
    require(actor, "registry.village_attach", village)
    if not town.has_congress:
        raise ValidationError(_("只能归入设有人民代表大会的镇"))
    if town.district_id != village.division_town.district_id:
        raise ValidationError(_("只能归入本区的镇"))
    if village.electoral_districts.exists() and village.town_id != town.pk:
        raise ValidationError(_("该村（社区）已划入选区，请先调整选区"))
    old = village.town
    village.town = town
    village.save(update_fields=["town", "updated_at"])
    activity_record(
        code="village.attached", actor=actor, subject=village, town=town, data={"town": [old, town]}
    )
    return village


# --- terms ---------------------------------------------------------------------------------------


@transaction.atomic
def term_create(*, town: Town, data: dict[str, Any], actor) -> Term:
    if not town.has_congress:
        raise ValidationError(_("街道和开发区不设人民代表大会，不能建立届次"))
    data = dict(data)
    if data.get("start_date") and not data.get("end_date"):
        start = data["start_date"]
        data["end_date"] = start.replace(year=start.year + settings.RENDA["TERM_YEARS"]) - dt.timedelta(
            days=1
        )
    return _create(Term, town=town, data=data, actor=actor, code="term.created")


@transaction.atomic
def term_update(*, term: Term, data: dict[str, Any], actor) -> Term:
    return _update(term, data=data, actor=actor, code="term.updated")


@transaction.atomic
def term_end(*, term: Term, end_date: dt.date, reason: str, actor) -> Term:
    require(actor, EDIT, term)
    term.end_date = end_date
    term.save(update_fields=["end_date", "updated_at"])
    activity_record(
        code="term.ended", actor=actor, subject=term, data={"end_date": end_date, "reason": reason}
    )
    return term


# --- electoral districts and their seats ---------------------------------------------------------


def _check_seat_count(seats: int) -> None:
    lo, hi = settings.RENDA["ELECTORAL_DISTRICT_MIN_SEATS"], settings.RENDA["ELECTORAL_DISTRICT_MAX_SEATS"]
    if not lo <= seats <= hi:
        raise ValidationError({"seats": _("每个选区应选代表 %(lo)s 至 %(hi)s 名") % {"lo": lo, "hi": hi}})


def _sync_seats(ed: ElectoralDistrict) -> None:
    existing = list(ed.seat_set.order_by("number"))
    for n in range(len(existing) + 1, ed.seats + 1):
        Seat.objects.create(town=ed.town, electoral_district=ed, number=n)
    for seat in existing[ed.seats :]:
        if seat.mandates.filter(status=MandateStatus.SERVING).exists():
            raise ValidationError({"seats": _("名额不能少于在任代表人数")})
        if seat.mandates.exists():
            raise ValidationError({"seats": _("已有代表任职记录的席位不能删除")})
        seat.delete()


@transaction.atomic
def electoral_district_create(*, town: Town, data: dict[str, Any], actor) -> ElectoralDistrict:
    _check_seat_count(data.get("seats", 1))
    ed = _create(ElectoralDistrict, town=town, data=data, actor=actor, code="electoral_district.created")
    _sync_seats(ed)
    return ed


@transaction.atomic
def electoral_district_update(*, electoral_district: ElectoralDistrict, data: dict[str, Any], actor):
    if "seats" in data:
        _check_seat_count(data["seats"])
    data = {k: v for k, v in data.items() if k != "term"}
    ed = _update(electoral_district, data=data, actor=actor, code="electoral_district.updated")
    _sync_seats(ed)
    return ed
