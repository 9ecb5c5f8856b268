"""Registry writes: persons (with the logged look at their personal data) and mandates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.models import Town
from renda.core.permissions import require

from .. import phrases
from ..enums import Level, MandateStatus
from ..models import ElectoralDistrict, Mandate, Person, Seat
from ._base import EDIT, RowsInvalid, _clean_many, _create, _record_created_many, _same_town, _update

# --- persons -------------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, town: Town, data: dict[str, Any], actor) -> Person:
    data = dict(data)
    if data.get("id_number"):
        data["id_number"] = data["id_number"].upper()
    else:
        data["id_number"] = None
    if data["id_number"] and Person.objects.filter(town=town, id_number=data["id_number"]).exists():
        raise ValidationError({"id_number": phrases.ID_NUMBER_TAKEN})
    return _create(Person, town=town, data=data, actor=actor, code="person.created")


@transaction.atomic
def person_update(*, person: Person, data: dict[str, Any], actor) -> Person:
    data = dict(data)
    if "id_number" in data:
        data["id_number"] = (data["id_number"] or "").upper() or None
        clash = Person.objects.filter(town=person.town, id_number=data["id_number"]).exclude(pk=person.pk)
        if data["id_number"] and clash.exists():
            raise ValidationError({"id_number": phrases.ID_NUMBER_TAKEN})
    return _update(person, data=data, actor=actor, code="person.updated")


def person_pii_viewed(*, person: Person, actor) -> None:
    """Every view of unmasked personal data is logged (DOMAIN §3)."""
    require(actor, "registry.person_unmask", person)
    activity_record(code="person.pii_viewed", actor=actor, subject=person)


@transaction.atomic
def persons_create_many(*, town: Town, rows: list[dict[str, Any]], actor) -> list[Person]:
    """Many persons at once (the roster import), with person_create's checks and audit rows, in a fixed number
    of queries. Refused rows raise RowsInvalid and nothing is written."""
    require(actor, EDIT, town)
    problems: dict[int, ValidationError] = {}
    persons: list[Person] = []
    fields: list[list[str]] = []
    seen: dict[str, int] = {}
    for i, data in enumerate(rows):
        data = dict(data)
        data["id_number"] = (data.get("id_number") or "").upper() or None
        try:
            _same_town(town, data)
        except ValidationError as exc:
            problems[i] = exc
        if data["id_number"] in seen:
            problems[i] = ValidationError({"id_number": phrases.ID_NUMBER_TAKEN})
        elif data["id_number"]:
            seen[data["id_number"]] = i
        persons.append(Person(town=town, **data))
        fields.append(list(data))
    clash = Person.objects.filter(town=town, id_number__in=list(seen)).values_list("id_number", flat=True)
    for number in clash:
        problems[seen[str(number)]] = ValidationError({"id_number": phrases.ID_NUMBER_TAKEN})
    problems = _clean_many(persons, ["town", "village"]) | problems
    if problems:
        raise RowsInvalid(problems)
    Person.objects.bulk_create(persons, batch_size=500)
    _record_created_many(persons, fields, actor=actor, code="person.created")
    return persons


# --- mandates ------------------------------------------------------------------------------------


def _free_seat(ed: ElectoralDistrict) -> Seat | None:
    return ed.seat_set.exclude(mandates__status=MandateStatus.SERVING).order_by("number").first()


@transaction.atomic
def mandate_create(*, town: Town, data: dict[str, Any], actor) -> Mandate:
    data = dict(data)
    level = data.get("level") or Level.TOWN
    data["level"] = level
    person = data["person"]
    if level == Level.TOWN:
        if not town.has_congress:
            raise ValidationError(phrases.NO_TOWN_CONGRESS_DEPUTIES)
        ed = data.get("electoral_district")
        if ed is None:
            raise ValidationError({"electoral_district": phrases.TOWN_DEPUTY_NEEDS_DISTRICT})
        data["term"] = ed.term
        if data.get("seat") is None:
            data["seat"] = _free_seat(ed)
            if data["seat"] is None:
                raise ValidationError({"electoral_district": phrases.DISTRICT_FULL % {"ed": ed}})
    else:
        data["seat"] = None
        data["term"] = None
        if not data.get("term_label"):
            raise ValidationError({"term_label": phrases.UPPER_DEPUTY_NEEDS_TERM})
    if Mandate.objects.filter(person=person, level=level, status=MandateStatus.SERVING).exists():
        raise ValidationError({"person": phrases.ALREADY_SERVING % {"p": person, "l": Level(level).label}})
    data["status"] = MandateStatus.SERVING
    return _create(Mandate, town=town, data=data, actor=actor, code="mandate.created")


@transaction.atomic
def mandates_create_many(*, town: Town, rows: list[dict[str, Any]], actor) -> list[Mandate]:
    """Many new mandates at once (the roster import), with mandate_create's rules and audit rows, in a fixed
    number of queries: each town mandate takes its district's lowest free seat. Refused rows raise RowsInvalid
    and nothing is written."""
    require(actor, EDIT, town)
    problems: dict[int, ValidationError] = {}
    eds = {d["electoral_district"].pk: d["electoral_district"] for d in rows if d.get("electoral_district")}
    free: dict[int, list[Seat]] = {pk: [] for pk in eds}
    for seat in (
        Seat.objects.filter(electoral_district__in=list(eds))
        .exclude(mandates__status=MandateStatus.SERVING)
        .select_related("electoral_district")
        .order_by("electoral_district", "number")
    ):
        free[seat.electoral_district_id].append(seat)
    persons = [d["person"] for d in rows]
    serving = set(
        Mandate.objects.filter(person__in=[p.pk for p in persons], status=MandateStatus.SERVING).values_list(
            "person_id", "level"
        )
    )
    mandates: list[Mandate] = []
    fields: list[list[str]] = []
    for i, data in enumerate(rows):
        data = dict(data)
        level = data.get("level") or Level.TOWN
        data["level"] = level
        person = data["person"]
        try:
            _same_town(town, data)
            if level == Level.TOWN:
                if not town.has_congress:
                    raise ValidationError(phrases.NO_TOWN_CONGRESS_DEPUTIES)
                ed = data.get("electoral_district")
                if ed is None:
                    raise ValidationError({"electoral_district": phrases.TOWN_DEPUTY_NEEDS_DISTRICT})
                data["term"] = ed.term
                if not free[ed.pk]:
                    raise ValidationError({"electoral_district": phrases.DISTRICT_FULL % {"ed": ed}})
                data["seat"] = free[ed.pk].pop(0)
            else:
                data["seat"] = None
                data["term"] = None
                if not data.get("term_label"):
                    raise ValidationError({"term_label": phrases.UPPER_DEPUTY_NEEDS_TERM})
            if (person.pk, level) in serving:
                raise ValidationError(
                    {"person": phrases.ALREADY_SERVING % {"p": person, "l": Level(level).label}}
                )
            serving.add((person.pk, level))
        except ValidationError as exc:
            problems[i] = exc
        data["status"] = MandateStatus.SERVING
        mandates.append(Mandate(town=town, **data))
        fields.append(list(data))
    problems = _clean_many(mandates, ["town", "person", "term", "electoral_district", "seat"]) | problems
    if problems:
        raise RowsInvalid(problems)
    Mandate.objects.bulk_create(mandates, batch_size=500)
    _record_created_many(mandates, fields, actor=actor, code="mandate.created")
    return mandates


@transaction.atomic
def mandate_update(*, mandate: Mandate, data: dict[str, Any], actor) -> Mandate:
    data = {k: v for k, v in data.items() if k in {"start_date", "term_label"}}
    return _update(mandate, data=data, actor=actor, code="mandate.updated")


@transaction.atomic
def mandate_end(*, mandate: Mandate, status: str, end_date: dt.date, reason: str, actor) -> Mandate:
    """Resignation, recall or termination. The seat is freed; the record stays."""
    require(actor, EDIT, mandate)
    if mandate.status != MandateStatus.SERVING:
        raise ValidationError(_("该代表资格已终止"))
    if status == MandateStatus.SERVING:
        raise ValidationError({"status": _("请选择终止方式")})
    if end_date < mandate.start_date:
        raise ValidationError({"end_date": _("终止日期不能早于起始日期")})
    mandate.status, mandate.end_date, mandate.end_reason = status, end_date, reason
    mandate.save(update_fields=["status", "end_date", "end_reason", "updated_at"])
    activity_record(
        code="mandate.ended",
        actor=actor,
        subject=mandate,
        data={"status": [MandateStatus.SERVING, status], "end_date": end_date, "reason": reason},
    )
    return mandate
