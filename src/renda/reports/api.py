"""Reports API: the dashboard's figures of a year (/api/v1/reports/figures?year=&town=), each with its list URL."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema

from renda.core.types import Id, Limit, Offset, Year

from . import queries

router = Router(tags=["reports"])


class MeasureOut(Schema):
    key: str
    module: str
    label: str
    kind: str
    target_min: float | None
    target_max: float | None


class FigureOut(Schema):
    key: str
    value: float | None
    url: str
    num: int | None = None
    den: int | None = None
    den_url: str = ""
    status: str = ""


class TownFiguresOut(Schema):
    town: int | None
    town_name: str
    figures: list[FigureOut]


class FiguresOut(Schema):
    year: int
    measures: list[MeasureOut]
    count: int
    items: list[TownFiguresOut]
    total: TownFiguresOut


def _row(row: queries.Row) -> dict:
    return {
        "town": row.town.pk if row.town else None,
        "town_name": row.town.name if row.town else "",
        "figures": [
            {
                "key": key,
                "value": c.value,
                "url": c.url,
                "num": c.num,
                "den": c.den,
                "den_url": c.den_url,
                "status": c.status,
            }
            for key, c in row.cells.items()
        ],
    }


@router.get("/figures", response=FiguresOut)
def figures(
    request, year: Year | None = None, town: Id | None = None, limit: Limit = 100, offset: Offset = 0
):
    """The dashboard's figures of the year (default: this year) per town the user is staff of (or `town`
    only: 404 unless it is one of theirs), with the total; every figure carries the URL of the list it counts
    (a rate: its numerator's list, `den_url` its denominator's)."""
    if town is None and not queries.dashboard_town_ids(request.user):
        raise PermissionDenied
    board = queries.dashboard_for(user=request.user, year=year or timezone.localdate().year, town_id=town)
    return {
        "year": board.year,
        "measures": [
            {
                "key": m.key,
                "module": m.module,
                "label": str(m.label),
                "kind": m.kind,
                "target_min": m.target_min,
                "target_max": m.target_max,
            }
            for m in board.measures
        ],
        "count": len(board.rows),
        "items": [_row(r) for r in board.rows[offset : offset + limit]],
        "total": _row(board.total),
    }
