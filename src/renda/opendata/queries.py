"""What open data reads: a town's deputies, posts and memberships in the Open Civic Data shape, and its appeals
as Open311 GeoReport v2 service requests. Public fields only: never an ID number, a phone, a birth date or an
address of a person; an appeal's text has the citizen's name and every long number (phones, ID numbers) masked,
and the citizen's name itself is never given. The callers run inside the town's scope (resolved from its code).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from renda.core.models import Town
from renda.receptions.enums import AppealState
from renda.receptions.models import Appeal
from renda.receptions.queries import category_label, mask_name
from renda.registry.enums import Level
from renda.registry.models import ElectoralDistrict, Mandate, Person, Presidium, PresidiumMember

# Open311's two states: closed once the appeal is closed, open before.
OPEN311_CLOSED = {AppealState.CLOSED}
# A run of digits (and the X of an ID number) long enough to be a phone or an ID number.
_LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}[\dXx]")


def mask_text(text: str, *, names: list[str] = ()) -> str:  # type: ignore[assignment]
    """Free text fit for the public: each given name masked as the pages mask it (张**), each long number
    shown by its first three and last two digits only."""
    for name in names:
        if name:
            text = text.replace(name, mask_name(name))

    def number(m: re.Match) -> str:
        digits = re.sub(r"[\s-]", "", m.group(0))
        return digits[:3] + "*" * max(len(digits) - 5, 1) + digits[-2:]

    return _LONG_NUMBER.sub(number, text)


# ------------------------------------------------------------------------------- Open Civic Data


def _ocd(kind: str, town: Town, *parts: Any) -> str:
    return f"ocd-{kind}/country:cn/town:{town.code}" + "".join(f"/{p}" for p in parts)


def _date(value) -> str:
    return value.isoformat() if value else ""


def ocd_town(*, town: Town) -> dict:
    """The town's congress, presidiums, posts (electoral districts, presidium posts), the persons who held one
    and their memberships with start and end dates. Five queries."""
    congress_id = _ocd("organization", town, "congress")
    mandates = list(
        Mandate.objects.filter(town=town)
        .select_related("electoral_district__term", "term")
        .order_by("start_date", "pk")
    )
    members = list(
        PresidiumMember.objects.filter(town=town)
        .select_related("presidium__term")
        .order_by("start_date", "pk")
    )
    districts = list(
        ElectoralDistrict.objects.filter(town=town).select_related("term").order_by("term__number", "number")
    )
    presidiums = list(
        Presidium.objects.filter(town=town).select_related("term").order_by("term__number", "pk")
    )
    person_ids = {m.person_id for m in mandates} | {m.person_id for m in members}
    persons = list(
        Person.objects.filter(town=town, pk__in=person_ids)
        .only("pk", "name", "gender", "party", "sector", "town_id")
        .order_by("pk")
    )
    organizations = [
        {
            "id": congress_id,
            "name": f"{town.name}人民代表大会",
            "classification": "legislature",
            "parent_id": None,
        }
    ] + [
        {
            "id": _ocd("organization", town, "presidium", p.pk),
            "name": f"{town.name}人民代表大会{p.term}主席团",
            "classification": "committee",
            "parent_id": congress_id,
        }
        for p in presidiums
    ]
    posts = [
        {
            "id": _ocd("post", town, "district", d.pk),
            "label": f"{d.term} 第{d.number}选区（{d.name}）",
            "role": "代表",
            "organization_id": congress_id,
            "division_id": _ocd("division", town, "district", d.pk),
            "num_seats": d.seats,
            "start_date": _date(d.term.start_date),
            "end_date": _date(d.term.end_date),
        }
        for d in districts
    ]
    people = [
        {
            "id": _ocd("person", town, p.pk),
            "name": p.name,
            "gender": p.get_gender_display() if p.gender else "",
            "party": p.party,
            "sector": p.get_sector_display() if p.sector else "",
        }
        for p in persons
    ]
    memberships = []
    for m in mandates:
        town_level = m.level == Level.TOWN
        memberships.append(
            {
                "id": _ocd("membership", town, "mandate", m.pk),
                "person_id": _ocd("person", town, m.person_id),
                "organization_id": congress_id
                if town_level
                else _ocd("organization", town, f"congress-{m.level}"),
                "post_id": _ocd("post", town, "district", m.electoral_district_id)
                if town_level and m.electoral_district_id
                else None,
                "role": f"{m.get_level_display()}人大代表",
                "label": m.get_status_display(),
                "start_date": _date(m.start_date),
                "end_date": _date(m.end_date),
            }
        )
    for m in members:
        memberships.append(
            {
                "id": _ocd("membership", town, "presidium", m.pk),
                "person_id": _ocd("person", town, m.person_id),
                "organization_id": _ocd("organization", town, "presidium", m.presidium_id),
                "post_id": None,
                "role": m.get_post_display(),
                "label": "",
                "start_date": _date(m.start_date),
                "end_date": _date(m.end_date),
            }
        )
    return {
        "jurisdiction": {"id": _ocd("jurisdiction", town), "name": town.name, "code": town.code},
        "organizations": organizations,
        "posts": posts,
        "people": people,
        "memberships": memberships,
    }


# ----------------------------------------------------------------------------------------- Open311


def open311_services() -> list[dict]:
    """The appeal categories (settings.RENDA["APPEAL_CATEGORIES"]) as Open311 services."""
    return [
        {
            "service_code": code,
            "service_name": category_label(code),
            "description": "",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "群众诉求",
        }
        for code, _label in settings.RENDA["APPEAL_CATEGORIES"]
    ]


def open311_appeals(
    *, town: Town, status: str = "", service_code: str = "", start=None, end=None
) -> QuerySet[Appeal]:
    qs = (
        Appeal.objects.filter(town=town)
        .select_related("village", "unit")
        .only(
            "pk", "town_id", "received_on", "category", "content", "citizen_name", "state", "due_date",
            "replied_on", "village__name", "unit__name", "updated_at",
        )
        .order_by("-received_on", "-pk")
    )  # fmt: skip
    if status == "closed":
        qs = qs.filter(state__in=list(OPEN311_CLOSED))
    elif status == "open":
        qs = qs.filter(~Q(state__in=list(OPEN311_CLOSED)))
    if service_code:
        qs = qs.filter(category=service_code)
    if start:
        qs = qs.filter(received_on__gte=start)
    if end:
        qs = qs.filter(received_on__lte=end)
    return qs


def open311_request(a: Appeal, *, town: Town) -> dict:
    """One appeal as a GeoReport v2 service request: no citizen's name or phone, the text masked."""
    return {
        "service_request_id": f"{town.code}-{a.pk}",
        "status": "closed" if a.state in OPEN311_CLOSED else "open",
        "status_notes": a.get_state_display(),
        "service_name": category_label(a.category),
        "service_code": a.category,
        "description": mask_text(a.content, names=[a.citizen_name]),
        "agency_responsible": a.unit.name if a.unit else "",
        "service_notice": "",
        "requested_datetime": _date(a.received_on),
        "updated_datetime": a.updated_at.isoformat() if getattr(a, "updated_at", None) else "",
        "expected_datetime": _date(a.due_date),
        "address": a.village.name if a.village else "",
        "address_id": str(a.village_id or ""),
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }
