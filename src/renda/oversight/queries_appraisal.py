"""Station appraisal reads: the appraisals a user may see (staff, presidium and deputies of the town; the
district's staff every town's), the access functions (404 for absent and not yours), the ranking computed from
the sheets, the detail page's stations with their sheet counts, opinions and rectification status, and the public
(portal) reads by the printed notice's token."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled

from renda.core.access import grants_of
from renda.core.models import Town

from .enums import AppraisalState, ScoreSource
from .models import Appraisal, AppraisalCriterion, AppraisalStation, RectificationItem, ScoreSheet
from .queries_plans import READERS, towns_where
from .queries_rectification import DONE_STATES, OPEN_STATES

CENT = Decimal("0.01")


def station_units_of_town(*, town: Town):
    """The town's grassroots stations in use (handling units of the station kind): who can be appraised."""
    from renda.registry.enums import UnitKind
    from renda.registry.models import HandlingUnit

    return HandlingUnit.objects.filter(town=town, kind=UnitKind.STATION, end_date=None).order_by("name")


def units_of_town(*, town: Town):
    from .queries_rectification import units_of_town as units

    return units(town=town)


def appraisals_visible_to(*, user) -> QuerySet[Appraisal]:
    return Appraisal.objects.filter(town__in=towns_where(user, READERS)).select_related("town")


def appraisals_filtered(*, user, year=None, town=None) -> QuerySet[Appraisal]:
    qs = appraisals_visible_to(user=user)
    if year:
        qs = qs.filter(year=year)
    if town:
        qs = qs.filter(town=town)
    return qs.annotate(station_count=Count("stations", distinct=True))


def appraisal_get_for(*, user, pk) -> Appraisal:
    return get_object_or_404(appraisals_visible_to(user=user), pk=pk)


def appraisal_station_get_for(*, user, pk) -> AppraisalStation:
    return get_object_or_404(
        AppraisalStation.objects.filter(town__in=towns_where(user, READERS)).select_related(
            "appraisal__town", "unit"
        ),
        pk=pk,
    )


def appraisal_criterion_get_for(*, user, pk) -> AppraisalCriterion:
    return get_object_or_404(
        AppraisalCriterion.objects.filter(town__in=towns_where(user, READERS)).select_related("appraisal"),
        pk=pk,
    )


def appraisal_criteria(appraisal: Appraisal) -> list[AppraisalCriterion]:
    return list(AppraisalCriterion.objects.filter(appraisal=appraisal))


# --- the ranking ------------------------------------------------------------------------------------------


@dataclass
class StationRow:
    station_id: int
    name: str
    unit_id: int
    deputy_sheets: int = 0
    voter_sheets: int = 0
    deputy_score: Decimal | None = None
    voter_score: Decimal | None = None
    score: Decimal | None = None
    rank: int | None = None
    open_items: int = 0
    closed_items: int = 0
    items: int = 0
    opinions: list[tuple[str, str]] = field(default_factory=list)  # (source label, text)
    station: AppraisalStation | None = None

    @property
    def sheets(self) -> int:
        return self.deputy_sheets + self.voter_sheets


def _dec(v) -> Decimal | None:
    return None if v is None else Decimal(str(v)).quantize(CENT, rounding=ROUND_HALF_UP)


def mixed_score(deputy: Decimal | None, voter: Decimal | None) -> Decimal | None:
    """The station's score: the deputies' and the voters' averages mixed by RENDA["APPRAISAL_SOURCE_WEIGHTS"];
    one source alone when the other has no sheets."""
    if deputy is None or voter is None:
        return deputy if voter is None else voter
    w = settings.RENDA["APPRAISAL_SOURCE_WEIGHTS"]
    wd, wv = Decimal(w["deputy"]), Decimal(w["voter"])
    return ((deputy * wd + voter * wv) / (wd + wv)).quantize(CENT, rounding=ROUND_HALF_UP)


def _ranked(rows: list[StationRow]) -> list[StationRow]:
    """Highest score first; equal scores share a rank (1, 2, 2, 4); stations without sheets unranked, last."""
    scored = sorted((r for r in rows if r.score is not None), key=lambda r: (-r.score, r.name))  # type: ignore[operator]
    previous, rank = None, 0
    for i, r in enumerate(scored, 1):
        if r.score != previous:
            rank, previous = i, r.score
        r.rank = rank
    return scored + sorted((r for r in rows if r.score is None), key=lambda r: r.name)


def appraisal_ranking_compute(appraisal: Appraisal) -> list[StationRow]:
    """The ranking as the sheets give it now (two queries): used on close, and shown while scoring."""
    stations = list(AppraisalStation.objects.filter(appraisal=appraisal).select_related("unit"))
    rows = {
        s.pk: StationRow(station_id=s.pk, name=str(s.unit), unit_id=s.unit_id, station=s) for s in stations
    }
    agg = (
        ScoreSheet.objects.filter(station__appraisal=appraisal)
        .values("station_id", "source")
        .annotate(avg=Avg("total"), n=Count("pk"))
    )
    for a in agg:
        row = rows[a["station_id"]]
        if a["source"] == ScoreSource.DEPUTY:
            row.deputy_sheets, row.deputy_score = a["n"], _dec(a["avg"])
        else:
            row.voter_sheets, row.voter_score = a["n"], _dec(a["avg"])
    for row in rows.values():
        row.score = mixed_score(row.deputy_score, row.voter_score)
    return _ranked(list(rows.values()))


def _stored_ranking(appraisal: Appraisal) -> list[StationRow]:
    """The ranking stored on close (frozen from then on), with the sheet counts by source (two queries)."""
    stations = list(AppraisalStation.objects.filter(appraisal=appraisal).select_related("unit"))
    counts = {
        (c["station_id"], c["source"]): c["n"]
        for c in ScoreSheet.objects.filter(station__appraisal=appraisal)
        .values("station_id", "source")
        .annotate(n=Count("pk"))
    }
    rows = [
        StationRow(
            station_id=s.pk,
            name=str(s.unit),
            unit_id=s.unit_id,
            deputy_sheets=counts.get((s.pk, ScoreSource.DEPUTY), 0),
            voter_sheets=counts.get((s.pk, ScoreSource.VOTER), 0),
            deputy_score=s.deputy_score,
            voter_score=s.voter_score,
            score=s.score,
            rank=s.rank,
            station=s,
        )
        for s in stations
    ]
    ranked = sorted((r for r in rows if r.rank is not None), key=lambda r: (r.rank, r.name))
    return ranked + sorted((r for r in rows if r.rank is None), key=lambda r: r.name)


def appraisal_ranking(appraisal: Appraisal, *, opinions: bool = False) -> list[StationRow]:
    """Each station with its rank, score, sheets and rectification status (open / closed counts of its key
    problems); the stored ranking once scoring has ended, else the live one. `opinions`: the sheets' opinions
    too (one more query). Four or five queries whatever the number of stations."""
    if appraisal.state in (AppraisalState.CLOSED, AppraisalState.PUBLISHED):
        rows = _stored_ranking(appraisal)
    else:
        rows = appraisal_ranking_compute(appraisal)
    by_id = {r.station_id: r for r in rows}
    items = (
        RectificationItem.objects.filter(station__appraisal=appraisal)
        .values("station_id")
        .annotate(
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            closed=Count("pk", filter=Q(state__in=DONE_STATES)),
            n=Count("pk"),
        )
    )
    for i in items:
        r = by_id[i["station_id"]]
        r.open_items, r.closed_items, r.items = i["open"], i["closed"], i["n"]
    if opinions:
        labels = dict(ScoreSource.choices)
        for sheet in (
            ScoreSheet.objects.filter(station__appraisal=appraisal)
            .exclude(opinion="")
            .order_by("station_id", "id")
            .values("station_id", "source", "opinion")
        ):
            by_id[sheet["station_id"]].opinions.append((str(labels[sheet["source"]]), sheet["opinion"]))
    return rows


def appraisal_key_problems(appraisal: Appraisal) -> QuerySet[RectificationItem]:
    return (
        RectificationItem.objects.filter(station__appraisal=appraisal)
        .select_related("station__unit", "unit")
        .order_by("station_id", "id")
    )


def appraisal_sheet_counts(appraisal: Appraisal) -> dict[str, int]:
    rows = ScoreSheet.objects.filter(station__appraisal=appraisal).values("source").annotate(n=Count("pk"))
    counts = {ScoreSource.DEPUTY.value: 0, ScoreSource.VOTER.value: 0}
    counts |= {r["source"]: r["n"] for r in rows}
    return counts


def appraisal_scored_station_ids(appraisal: Appraisal, *, person_ids) -> dict[int, ScoreSheet]:
    """The stations of the appraisal these deputies (a user's own person) have scored: station id → sheet."""
    sheets = ScoreSheet.objects.filter(station__appraisal=appraisal, deputy__in=list(person_ids)).order_by(
        "id"
    )
    return {s.station_id: s for s in sheets}


def appraisal_deputies(appraisal: Appraisal):
    """The serving deputies of the appraisal's town (staff enter a paper sheet for one of them)."""
    from renda.registry.enums import MandateStatus
    from renda.registry.models import Person

    return (
        Person.objects.filter(
            mandates__town=appraisal.town_id, mandates__status=MandateStatus.SERVING, town=appraisal.town_id
        )
        .distinct()
        .order_by("name", "pk")
    )


def appraisal_user_person_ids(user) -> frozenset[int]:
    return frozenset(grants_of(user).person_ids)


# --- the portal -------------------------------------------------------------------------------------------


def appraisal_by_token(token: str) -> Appraisal | None:
    """The appraisal behind a printed notice's QR token (not one in preparation): tenant resolution for a
    public page, so outside any scope."""
    token = (token or "").strip()
    if not token or len(token) > 24:
        return None
    with scopes_disabled():  # tenant resolution for a public page: the token names the town
        return (
            Appraisal.objects.filter(token=token)
            .exclude(state=AppraisalState.DRAFT)
            .select_related("town")
            .first()
        )


def appraisal_stations_public(appraisal: Appraisal) -> QuerySet[AppraisalStation]:
    """The stations a voter may score (call inside the town's scope)."""
    return AppraisalStation.objects.filter(appraisal=appraisal).select_related("unit").order_by("unit__name")
