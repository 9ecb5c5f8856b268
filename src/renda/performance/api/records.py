"""Performance API: a deputy's record of a year, every line with the link to its record and the points the
town's rules give (the same reads as the pages)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema

from renda.core.permissions import allowed
from renda.core.types import Id, Year

from .. import queries as q

router = Router(tags=["performance"])
R = {"x-renda-model": "registry.person"}


class LineOut(Schema):
    kind: str
    date: dt.date
    label: str
    url: str
    source: str
    detail: str


class KindOut(Schema):
    kind: str
    label: str
    count: int
    points: float
    cap: float | None
    total: float


class RecordOut(Schema):
    person_id: int
    town_id: int
    year: int
    total: float
    assessed_total: float | None
    rank: int | None
    kinds: list[KindOut]
    lines: list[LineOut]


@router.get("/records/{pk}", response=RecordOut, openapi_extra=R)
def record_detail(request, pk: Id, year: Year | None = None):
    """The deputy's record of `year` (default: this year): the deputy themselves, the town's staff and presidium."""
    person = q.record_person_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "performance.view_record", person):
        raise PermissionDenied
    year = year or timezone.localdate().year
    record = q.record_of(person=person, year=year)
    score = q.score_of(person=person, year=year)
    return {
        "person_id": person.pk,
        "town_id": person.town_id,
        "year": year,
        "total": float(record.total),
        "assessed_total": float(score.total) if score else None,
        "rank": score.rank if score else None,
        "kinds": [
            {
                "kind": k.kind,
                "label": k.label,
                "count": k.count,
                "points": float(k.points),
                "cap": None if k.cap is None else float(k.cap),
                "total": float(k.total),
            }
            for k in record.kinds
        ],  # fmt: skip
        "lines": [
            {
                "kind": ln.kind,
                "date": ln.date,
                "label": ln.label,
                "url": ln.url,
                "source": ln.source,
                "detail": ln.detail,
            }
            for ln in record.lines
        ],  # fmt: skip
    }
