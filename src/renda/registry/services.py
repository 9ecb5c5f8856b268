"""Registry writes (C1). Views, forms and the API call these; each writes its audit row.

Every service takes keyword arguments and an explicit actor; `data` is a dict of field values as a
form's cleaned_data gives them (model instances for foreign keys, lists for many-to-many fields).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record, activity_record_many, changes, snapshot, to_json
from renda.core.models import Town

from .enums import Level, MandateStatus, PresidiumPost
from .models import (
    DeputyGroup,
    ElectoralDistrict,
    HandlingUnit,
    LiaisonPost,
    Mandate,
    Person,
    Presidium,
    PresidiumMember,
    Seat,
    Term,
    Village,
)


def _same_town(town: Town, data: dict[str, Any]) -> None:
    """Refuse a link to another town's record (a district user sees several towns)."""
    for name, value in data.items():
        values = value if isinstance(value, list | tuple | models.QuerySet) else [value]
        for v in values:
            if isinstance(v, models.Model) and hasattr(v, "town_id") and v.town_id != town.pk:
                raise ValidationError({name: _("只能选择本镇（街道）的记录")})


def _m2m_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.many_to_many}


def _write(instance: models.Model, *, data: dict[str, Any], actor, code: str) -> models.Model:
    """Apply `data`, validate, save, set many-to-many fields and record what changed."""
    m2m = _m2m_names(type(instance))
    plain = {k: v for k, v in data.items() if k not in m2m}
    creating = instance.pk is None
    before: dict[str, Any] = {}
    if not creating:
        # From the stored row: a ModelForm may already have written its values onto `instance`.
        stored = type(instance)._base_manager.get(pk=instance.pk)
        before = snapshot(stored, list(plain))
        before |= {k: sorted(to_json(list(getattr(stored, k).all()))) for k in data if k in m2m}
    for name, value in plain.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name in m2m & set(data):
        getattr(instance, name).set(data[name])
    after = snapshot(instance, list(plain)) | {k: sorted(to_json(list(data[k]))) for k in data if k in m2m}
    diff = after if creating else changes(before, after)
    if creating or diff:
        activity_record(code=code, actor=actor, subject=instance, data=diff if not creating else after)
    return instance


def _create(model: type[models.Model], *, town: Town, data: dict[str, Any], actor, code: str):
    _same_town(town, data)
    return _write(model(town=town), data=data, actor=actor, code=code)


def _update(instance: models.Model, *, data: dict[str, Any], actor, code: str):
    data = {k: v for k, v in data.items() if k != "town"}
    _same_town(instance.town, data)
    return _write(instance, data=data, actor=actor, code=code)


def _end(instance: models.Model, *, end_date: dt.date, reason: str, actor, code: str):
    if getattr(instance, "end_date", None):
        raise ValidationError(_("该记录已于 %(d)s 终止") % {"d": instance.end_date})
    return _write(instance, data={"end_date": end_date, "end_reason": reason}, actor=actor, code=code)


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


# --- persons -------------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, town: Town, data: dict[str, Any], actor) -> Person:
    data = dict(data)
    if data.get("id_number"):
        data["id_number"] = data["id_number"].upper()
    else:
        data["id_number"] = None
    if data["id_number"] and Person.objects.filter(town=town, id_number=data["id_number"]).exists():
        raise ValidationError({"id_number": _("本镇已有相同身份证号的人员")})
    return _create(Person, town=town, data=data, actor=actor, code="person.created")


@transaction.atomic
def person_update(*, person: Person, data: dict[str, Any], actor) -> Person:
    data = dict(data)
    if "id_number" in data:
        data["id_number"] = (data["id_number"] or "").upper() or None
        clash = Person.objects.filter(town=person.town, id_number=data["id_number"]).exclude(pk=person.pk)
        if data["id_number"] and clash.exists():
            raise ValidationError({"id_number": _("本镇已有相同身份证号的人员")})
    return _update(person, data=data, actor=actor, code="person.updated")


def person_pii_viewed(*, person: Person, actor) -> None:
    """Every view of unmasked personal data is logged (DOMAIN §3)."""
    activity_record(code="person.pii_viewed", actor=actor, subject=person)


class RowsInvalid(ValidationError):
    """Some of many records are refused; `rows` maps each refused record's position to its error."""

    def __init__(self, rows: dict[int, ValidationError]):
        super().__init__([m for e in rows.values() for m in e.messages])
        self.rows = rows


def _clean_many(instances: list[models.Model], fk_names: list[str]) -> dict[int, ValidationError]:
    """The model's own field and clean() validation, without a query per record: the foreign keys are
    checked by the caller (same town, loaded in one query) and the unique rules by one query each."""
    problems: dict[int, ValidationError] = {}
    for i, obj in enumerate(instances):
        try:
            obj.full_clean(exclude=fk_names, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems[i] = exc
    return problems


def _record_created_many(instances: list[models.Model], fields: list[list[str]], *, actor, code: str) -> None:
    """The audit rows _write would write for each created record (a snapshot of the fields it was given)."""
    rows = [(obj, snapshot(obj, names)) for obj, names in zip(instances, fields, strict=True)]
    activity_record_many(code=code, actor=actor, rows=rows)


@transaction.atomic
def persons_create_many(*, town: Town, rows: list[dict[str, Any]], actor) -> list[Person]:
    """Many persons at once (the roster import), with person_create's checks and audit rows, in a fixed number
    of queries. Refused rows raise RowsInvalid and nothing is written."""
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
            problems[i] = ValidationError({"id_number": _("本镇已有相同身份证号的人员")})
        elif data["id_number"]:
            seen[data["id_number"]] = i
        persons.append(Person(town=town, **data))
        fields.append(list(data))
    clash = Person.objects.filter(town=town, id_number__in=list(seen)).values_list("id_number", flat=True)
    for number in clash:
        problems[seen[number]] = ValidationError({"id_number": _("本镇已有相同身份证号的人员")})
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
            raise ValidationError(_("街道和开发区不设镇人民代表大会，不能登记镇级代表"))
        ed = data.get("electoral_district")
        if ed is None:
            raise ValidationError({"electoral_district": _("镇级代表须指定选区")})
        data["term"] = ed.term
        if data.get("seat") is None:
            data["seat"] = _free_seat(ed)
            if data["seat"] is None:
                raise ValidationError({"electoral_district": _("%(ed)s 的名额已满") % {"ed": ed}})
    else:
        data["seat"] = None
        data["term"] = None
        if not data.get("term_label"):
            raise ValidationError({"term_label": _("区、市级代表须填写届次")})
    if Mandate.objects.filter(person=person, level=level, status=MandateStatus.SERVING).exists():
        raise ValidationError(
            {"person": _("%(p)s 已是在任%(l)s代表") % {"p": person, "l": Level(level).label}}
        )
    data["status"] = MandateStatus.SERVING
    return _create(Mandate, town=town, data=data, actor=actor, code="mandate.created")


@transaction.atomic
def mandates_create_many(*, town: Town, rows: list[dict[str, Any]], actor) -> list[Mandate]:
    """Many new mandates at once (the roster import), with mandate_create's rules and audit rows, in a fixed
    number of queries: each town mandate takes its district's lowest free seat. Refused rows raise RowsInvalid
    and nothing is written."""
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
                    raise ValidationError(_("街道和开发区不设镇人民代表大会，不能登记镇级代表"))
                ed = data.get("electoral_district")
                if ed is None:
                    raise ValidationError({"electoral_district": _("镇级代表须指定选区")})
                data["term"] = ed.term
                if not free[ed.pk]:
                    raise ValidationError({"electoral_district": _("%(ed)s 的名额已满") % {"ed": ed}})
                data["seat"] = free[ed.pk].pop(0)
            else:
                data["seat"] = None
                data["term"] = None
                if not data.get("term_label"):
                    raise ValidationError({"term_label": _("区、市级代表须填写届次")})
            if (person.pk, level) in serving:
                raise ValidationError(
                    {"person": _("%(p)s 已是在任%(l)s代表") % {"p": person, "l": Level(level).label}}
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


# --- presidium -----------------------------------------------------------------------------------


@transaction.atomic
def presidium_create(*, town: Town, data: dict[str, Any], actor) -> Presidium:
    return _create(Presidium, town=town, data=data, actor=actor, code="presidium.created")


@transaction.atomic
def presidium_update(*, presidium: Presidium, data: dict[str, Any], actor) -> Presidium:
    data = {k: v for k, v in data.items() if k != "term"}
    return _update(presidium, data=data, actor=actor, code="presidium.updated")


def _check_presidium_post(member: PresidiumMember, data: dict[str, Any]) -> None:
    post = data.get("post", member.post)
    if post in (PresidiumPost.CHAIR, PresidiumPost.VICE_CHAIR) and data.get(
        "holds_government_post", member.holds_government_post
    ):
        raise ValidationError(
            {"holds_government_post": _("人大主席、副主席不得担任国家行政机关的职务（地方组织法第十八条）")}
        )
    current = PresidiumMember.objects.filter(
        presidium=data.get("presidium", getattr(member, "presidium", None)), end_date__isnull=True, post=post
    ).exclude(pk=member.pk)
    if post == PresidiumPost.CHAIR and current.exists():
        raise ValidationError({"post": _("主席团已有主席")})
    if post == PresidiumPost.VICE_CHAIR and current.count() >= settings.RENDA["PRESIDIUM_MAX_VICE_CHAIRS"]:
        raise ValidationError(
            {"post": _("副主席至多 %(n)s 名") % {"n": settings.RENDA["PRESIDIUM_MAX_VICE_CHAIRS"]}}
        )


@transaction.atomic
def presidium_member_create(*, town: Town, data: dict[str, Any], actor) -> PresidiumMember:
    _check_presidium_post(PresidiumMember(), data)
    return _create(PresidiumMember, town=town, data=data, actor=actor, code="presidium_member.created")


@transaction.atomic
def presidium_member_update(*, member: PresidiumMember, data: dict[str, Any], actor) -> PresidiumMember:
    data = {k: v for k, v in data.items() if k not in {"presidium", "person"}}
    _check_presidium_post(member, data)
    return _update(member, data=data, actor=actor, code="presidium_member.updated")


@transaction.atomic
def presidium_member_end(*, member: PresidiumMember, end_date: dt.date, reason: str, actor):
    return _end(member, end_date=end_date, reason=reason, actor=actor, code="presidium_member.ended")


# --- deputy groups, liaison posts, handling units -----------------------------------------------


@transaction.atomic
def deputy_group_create(*, town: Town, data: dict[str, Any], actor) -> DeputyGroup:
    return _create(DeputyGroup, town=town, data=data, actor=actor, code="deputy_group.created")


@transaction.atomic
def deputy_group_update(*, group: DeputyGroup, data: dict[str, Any], actor) -> DeputyGroup:
    return _update(group, data=data, actor=actor, code="deputy_group.updated")


@transaction.atomic
def deputy_group_end(*, group: DeputyGroup, end_date: dt.date, reason: str, actor) -> DeputyGroup:
    return _end(group, end_date=end_date, reason=reason, actor=actor, code="deputy_group.ended")


@transaction.atomic
def liaison_post_create(*, town: Town, data: dict[str, Any], actor) -> LiaisonPost:
    return _create(LiaisonPost, town=town, data=data, actor=actor, code="liaison_post.created")


@transaction.atomic
def liaison_post_update(*, post: LiaisonPost, data: dict[str, Any], actor) -> LiaisonPost:
    return _update(post, data=data, actor=actor, code="liaison_post.updated")


@transaction.atomic
def liaison_post_end(*, post: LiaisonPost, end_date: dt.date, reason: str, actor) -> LiaisonPost:
    return _end(post, end_date=end_date, reason=reason, actor=actor, code="liaison_post.ended")


@transaction.atomic
def handling_unit_create(*, town: Town, data: dict[str, Any], actor) -> HandlingUnit:
    if HandlingUnit.objects.filter(town=town, name=data.get("name")).exists():
        raise ValidationError({"name": _("本镇已有同名承办单位")})
    return _create(HandlingUnit, town=town, data=data, actor=actor, code="handling_unit.created")


@transaction.atomic
def handling_unit_update(*, unit: HandlingUnit, data: dict[str, Any], actor) -> HandlingUnit:
    return _update(unit, data=data, actor=actor, code="handling_unit.updated")


@transaction.atomic
def handling_unit_end(*, unit: HandlingUnit, end_date: dt.date, reason: str, actor) -> HandlingUnit:
    return _end(unit, end_date=end_date, reason=reason, actor=actor, code="handling_unit.ended")
