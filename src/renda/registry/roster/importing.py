"""Roster import: read the whole file, check every row, then write all of it or nothing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.models import Town
from renda.core.permissions import require
from renda.core.uploads import UploadRefused, upload_check

from .. import services
from ..enums import Level, MandateStatus
from ..models import ElectoralDistrict, HandlingUnit, Mandate, Person
from .columns import (
    COLUMNS,
    Problem,
    RosterError,
    RosterKind,
    RosterResult,
    RosterRow,
    column_header,
    column_order,
)
from .parsing import BAD_FILE, parse_rows, read_bytes
from .reads import TownVillages, roster_current_term, term_label_of

# --- checks against the town and across rows ----------------------------------------------------


def _check_deputies(town: Town, rows: list[RosterRow], errors: list[RosterError]) -> None:
    header = {c.key: c.header for c in COLUMNS[RosterKind.DEPUTIES]}
    villages = TownVillages(town)
    term = roster_current_term(town)
    eds = (
        {
            ed.number: ed
            for ed in ElectoralDistrict.objects.filter(town=town, term=term).select_related("term__town")
        }
        if term
        else {}
    )
    serving = defaultdict(int)
    for ed_id in Mandate.objects.filter(
        town=town, electoral_district__in=eds.values(), status=MandateStatus.SERVING
    ).values_list("electoral_district_id", flat=True):
        serving[ed_id] += 1
    wanted: dict[int, list[int]] = defaultdict(list)  # electoral district id -> rows that take a seat
    ids_in_db = set(
        Person.objects.filter(town=town, id_number__isnull=False).values_list("id_number", flat=True)
    )
    seen: dict[str, list[RosterRow]] = defaultdict(list)

    for row in rows:
        v = row.values

        def bad(key: str, reason: str, row=row) -> None:
            errors.append(RosterError(row.number, header[key], reason))

        if v["village"]:
            try:
                v["village"] = villages.find(v["village"])
            except Problem as exc:
                bad("village", str(exc))
                v["village"] = None
        if v["id_number"] and v["birth_date"]:
            s = v["id_number"]
            if s[6:14] != v["birth_date"].strftime("%Y%m%d"):
                bad("birth_date", _("出生日期与身份证号不一致"))
        if v["id_number"]:
            if v["id_number"] in ids_in_db:
                bad("id_number", _("本镇已有相同身份证号的人员"))
            for earlier in seen[v["id_number"]]:
                if earlier.values["level"] == v["level"] or earlier.values["name"] != v["name"]:
                    bad("id_number", _("身份证号与第 %(n)s 行重复") % {"n": earlier.number})
                    break
            seen[v["id_number"]].append(row)
        level = v["level"]
        if level == Level.TOWN:
            number = v["electoral_district"]
            if not town.has_congress:
                bad("level", _("街道和开发区不设镇人民代表大会，不能登记镇级代表"))
            elif term is None:
                bad("electoral_district", _("本镇尚未建立届次，不能登记镇级代表"))
            elif number is None:
                if "electoral_district" not in row.failed:
                    bad("electoral_district", _("镇级代表须填写选区号"))
            elif number not in eds:
                bad(
                    "electoral_district",
                    _("%(term)s没有第 %(n)s 选区") % {"term": term_label_of(term), "n": number},
                )
                v["electoral_district"] = None
            else:
                ed = eds[number]
                v["electoral_district"] = ed
                wanted[ed.pk].append(row.number)
                if len(wanted[ed.pk]) + serving[ed.pk] > ed.seats:
                    bad(
                        "electoral_district",
                        _("第 %(n)s 选区应选 %(seats)s 名，名额已满") % {"n": number, "seats": ed.seats},
                    )
        elif level in (Level.DISTRICT, Level.CITY):
            v["electoral_district"] = None
            if not v["term_label"]:
                bad("term_label", _("区、市级代表须填写届次"))


def _check_electoral_districts(town: Town, rows: list[RosterRow], errors: list[RosterError]) -> None:
    header = {c.key: c.header for c in COLUMNS[RosterKind.ELECTORAL_DISTRICTS]}
    term = roster_current_term(town)
    if not town.has_congress:
        errors.append(RosterError(None, "", _("街道和开发区不设人民代表大会，不能导入选区")))
        return
    if term is None:
        errors.append(RosterError(None, "", _("本镇尚未建立届次，请先建立届次再导入选区")))
        return
    villages = TownVillages(town)
    existing = set(ElectoralDistrict.objects.filter(town=town, term=term).values_list("number", flat=True))
    lo, hi = settings.RENDA["ELECTORAL_DISTRICT_MIN_SEATS"], settings.RENDA["ELECTORAL_DISTRICT_MAX_SEATS"]
    seen: dict[int, int] = {}
    for row in rows:
        v = row.values

        def bad(key: str, reason: str, row=row) -> None:
            errors.append(RosterError(row.number, header[key], reason))

        number = v["number"]
        if number is not None:
            if number in existing:
                bad("number", _("%(term)s已有第 %(n)s 选区") % {"term": term_label_of(term), "n": number})
            elif number in seen:
                bad("number", _("选区号与第 %(n)s 行重复") % {"n": seen[number]})
            else:
                seen[number] = row.number
        if v["seats"] is not None and not lo <= v["seats"] <= hi:
            bad("seats", _("每个选区应选代表 %(lo)s 至 %(hi)s 名") % {"lo": lo, "hi": hi})
        found, missing = [], []
        for name in v["villages"] or []:
            try:
                found.append(villages.find(name))
            except Problem as exc:
                missing.append(str(exc))
        for reason in missing:
            bad("villages", reason)
        v["villages"] = found


def _check_handling_units(town: Town, rows: list[RosterRow], errors: list[RosterError]) -> None:
    header = {c.key: c.header for c in COLUMNS[RosterKind.HANDLING_UNITS]}
    existing = set(HandlingUnit.objects.filter(town=town).values_list("name", flat=True))
    seen: dict[str, int] = {}
    for row in rows:
        name = row.values["name"]
        if not name:
            continue
        if name in existing:
            errors.append(RosterError(row.number, header["name"], _("本镇已有同名承办单位")))
        elif name in seen:
            errors.append(
                RosterError(row.number, header["name"], _("名称与第 %(n)s 行重复") % {"n": seen[name]})
            )
        else:
            seen[name] = row.number


CHECKS = {
    RosterKind.DEPUTIES: _check_deputies,
    RosterKind.ELECTORAL_DISTRICTS: _check_electoral_districts,
    RosterKind.HANDLING_UNITS: _check_handling_units,
}


def _sorted(kind: str, errors: list[RosterError]) -> list[RosterError]:
    unique = list(dict.fromkeys(errors))
    return sorted(unique, key=lambda e: (e.row or 0, column_order(kind, e.column)))


def roster_validate(*, town: Town, kind: str, file) -> RosterResult:
    """Read and check the whole file; the result lists every problem and, if none, the rows to write."""
    kind = RosterKind(kind)
    result = RosterResult(kind=kind, town=town)
    data = read_bytes(file)
    if data is None:
        limit = filesizeformat(settings.RENDA["ROSTER_IMPORT_MAX_BYTES"])
        result.errors.append(
            RosterError(None, "", _("文件超过 %(size)s，请分成几个文件导入") % {"size": limit})
        )
        return result
    try:  # the zip's central directory, before openpyxl inflates anything
        upload_check(
            data,
            kinds=("xlsx",),
            max_bytes=settings.RENDA["ROSTER_IMPORT_MAX_BYTES"],
            name=getattr(file, "name", None),
            message=BAD_FILE,
        )
    except UploadRefused as exc:
        result.errors.append(RosterError(None, "", exc.messages[0]))
        return result
    errors: list[RosterError] = []
    rows = parse_rows(kind, data, errors)
    if rows:
        CHECKS[kind](town, rows, errors)
    result.errors = _sorted(kind, errors)
    result.rows = rows if not result.errors else []
    return result


# --- writing -------------------------------------------------------------------------------------


def _blank_to_empty(values: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: ("" if values.get(k) is None else values[k]) for k in keys}


def _write_deputies(town: Town, rows: list[RosterRow], actor, errors: list[RosterError]) -> dict[str, int]:
    """Persons first (a person on two rows, at two levels, is created once), then their mandates; each in a
    fixed number of queries whatever the number of rows."""
    text_keys = ["name", "gender", "ethnicity", "party", "phone", "sector", "workplace", "expertise"]
    first_row: dict[str, int] = {}  # person key -> position in person_rows
    person_rows: list[dict[str, Any]] = []
    person_numbers: list[int] = []
    for row in rows:
        v = row.values
        key = v["id_number"] or f"row:{row.number}"
        if key not in first_row:
            first_row[key] = len(person_rows)
            person_rows.append(
                _blank_to_empty(v, text_keys)
                | {"birth_date": v["birth_date"], "id_number": v["id_number"], "village": v["village"]}
            )
            person_numbers.append(row.number)
    try:
        persons = services.persons_create_many(town=town, rows=person_rows, actor=actor)
    except services.RowsInvalid as exc:
        for i, problem in exc.rows.items():
            errors.extend(_service_errors(RosterKind.DEPUTIES, person_numbers[i], problem))
        return {}
    mandate_rows: list[dict[str, Any]] = []
    for row in rows:
        v = row.values
        data = {
            "person": persons[first_row[v["id_number"] or f"row:{row.number}"]],
            "level": v["level"],
            "start_date": v["start_date"],
        }
        if v["level"] == Level.TOWN:
            data["electoral_district"] = v["electoral_district"]
        else:
            data["term_label"] = v["term_label"]
        mandate_rows.append(data)
    try:
        mandates = services.mandates_create_many(town=town, rows=mandate_rows, actor=actor)
    except services.RowsInvalid as exc:
        for i, problem in exc.rows.items():
            errors.extend(_service_errors(RosterKind.DEPUTIES, rows[i].number, problem))
        return {}
    return {"persons": len(persons), "mandates": len(mandates)}


def _write_electoral_districts(town: Town, rows: list[RosterRow], actor, errors) -> dict[str, int]:
    term = roster_current_term(town)
    counts = {"electoral_districts": 0, "seats": 0}
    for row in rows:
        v = row.values
        data = {"term": term, "number": v["number"], "name": v["name"], "seats": v["seats"]}
        data["villages"] = v["villages"]
        try:
            services.electoral_district_create(town=town, data=data, actor=actor)
        except ValidationError as exc:
            errors.extend(_service_errors(RosterKind.ELECTORAL_DISTRICTS, row.number, exc))
            continue
        counts["electoral_districts"] += 1
        counts["seats"] += v["seats"]
    return counts


def _write_handling_units(town: Town, rows: list[RosterRow], actor, errors) -> dict[str, int]:
    counts = {"handling_units": 0}
    for row in rows:
        data = _blank_to_empty(row.values, ["name", "kind", "contact_name", "contact_phone"])
        try:
            services.handling_unit_create(town=town, data=data, actor=actor)
        except ValidationError as exc:
            errors.extend(_service_errors(RosterKind.HANDLING_UNITS, row.number, exc))
            continue
        counts["handling_units"] += 1
    return counts


WRITERS = {
    RosterKind.DEPUTIES: _write_deputies,
    RosterKind.ELECTORAL_DISTRICTS: _write_electoral_districts,
    RosterKind.HANDLING_UNITS: _write_handling_units,
}


def _service_errors(kind: str, number: int, exc: ValidationError) -> list[RosterError]:
    if hasattr(exc, "error_dict"):
        return [
            RosterError(number, column_header(kind, name), str(message))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RosterError(number, "", str(message)) for message in exc.messages]


class _Rollback(Exception):
    pass


def roster_write(*, result: RosterResult, actor, file_name: str = "") -> RosterResult:
    """Write a validated result in one transaction. A row a service refuses (say, another user saved the
    same record since the check) rolls everything back and is reported like any other bad row."""
    require(actor, "registry.roster", result.town)
    if result.errors or result.imported:
        return result
    town = result.town
    errors: list[RosterError] = []
    try:
        with transaction.atomic():
            counts = WRITERS[result.kind](town, result.rows, actor, errors)
            if errors:
                raise _Rollback
            activity_record(
                code="roster.imported",
                actor=actor,
                subject=town,
                town=town,
                data={"kind": str(result.kind), "rows": len(result.rows), "file": file_name, **counts},
            )
    except _Rollback:
        result.errors = _sorted(result.kind, errors)
        return result
    result.counts = counts
    result.imported = True
    return result


def roster_import(*, town: Town, kind: str, file, actor) -> RosterResult:
    """Validate the whole file; only when every row is good, write all of it in one transaction."""
    require(actor, "registry.roster", town)
    result = roster_validate(town=town, kind=kind, file=file)
    return roster_write(result=result, actor=actor, file_name=getattr(file, "name", "") or "")
