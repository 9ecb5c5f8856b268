"""Reads of the practice library and the six-haves self-assessment: who may see what, the diffusion over the
years, each self-assessment's evidence, the district's grid.

- Practices: the district's staff see every practice of their district; a town's staff see the district's
  practices once rolled out, and the ones their own town pilots.
- Adoptions, self-assessments and their files: the staff of the town (the district's staff see every town of
  the district). The list of towns on a practice's page (names and dates) is read past the town scope, for
  whoever may see the practice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.sixhaves import SIX_HAVES, sixhaves_evidence
from renda.core.workflow import workflow_actions_for

from .enums import PracticeState, SixHavesState
from .models import Adoption, EvidenceFile, Practice, SixHaves, SixHavesItem


def staff_town_ids(user) -> list[int]:
    """The towns whose records this user works on: town staff grants (district staff: every town of the
    district)."""
    g = grants_of(user)
    ids = set(g.roles.get(Role.TOWN_STAFF, frozenset()))
    if g.district_ids:
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def is_staff(user) -> bool:
    return bool(staff_town_ids(user) or grants_of(user).district_ids)


def user_is_district_staff_of(user, district_id: int) -> bool:
    return district_id in grants_of(user).district_ids


def district_of_staff(*, user):
    """The district a district staff member works on (their first); 403 for anyone else."""
    from django.core.exceptions import PermissionDenied

    from renda.core.models import District

    ids = sorted(grants_of(user).district_ids)
    district = District.objects.filter(pk__in=ids).order_by("pk").first() if ids else None
    if district is None:
        raise PermissionDenied
    return district


def towns_of_district(*, district):
    from renda.core.models import Town

    return Town.objects.filter(district=district, active=True).order_by("code")


def towns_among(*, ids):
    from renda.core.models import Town

    return Town.objects.filter(pk__in=ids).order_by("code")


def town_get(pk: int):
    from renda.core.models import Town

    return Town.objects.select_related("district").get(pk=pk)


# --- practices ----------------------------------------------------------------------------------------------


def practices_visible_to(*, user) -> QuerySet[Practice]:
    from renda.core.models import Town

    g = grants_of(user)
    q = Q(pk__in=[])
    if g.district_ids:
        q |= Q(district__in=list(g.district_ids))
    towns = sorted(g.roles.get(Role.TOWN_STAFF, frozenset()))
    if towns:
        districts = Town.objects.filter(pk__in=towns).values("district_id")
        q |= Q(pilot_town__in=towns) | (Q(district__in=districts) & ~Q(state=PracticeState.PILOTING))
    return Practice._base_manager.filter(q).select_related("district", "pilot_town")


def practice_get_for(*, user, pk) -> Practice:
    p = practices_visible_to(user=user).filter(pk=pk).first()
    if p is None:
        raise Http404
    return p


def practices_filtered(*, user, state: str = "", town=None, q: str = "") -> QuerySet[Practice]:
    """`town`: the practices that town runs (its adoptions)."""
    qs = practices_visible_to(user=user)
    if state:
        qs = qs.filter(state=state)
    if town:
        qs = qs.filter(pk__in=Adoption._base_manager.filter(town=town).values("practice_id"))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return qs.annotate(towns=Count("adoptions", distinct=True))


def practice_actions_for(*, user, practice: Practice) -> set[str]:
    return {t.action for t in workflow_actions_for(practice, user)}


def adoptions_of_practice(*, practice: Practice) -> list[Adoption]:
    """Every town's adoption of the practice (names and dates), in order: read for whoever may see the practice."""
    return list(
        Adoption._base_manager.filter(practice=practice)
        .select_related("town")
        .order_by("adopted_on", "town__code")
    )


def adoption_towns_for(*, user, practice: Practice) -> list:
    """The towns whose adoption this user may record now: their own towns of the practice's district not yet
    recorded (the pilot town alone while piloting)."""
    from renda.core.models import Town

    done = Adoption._base_manager.filter(practice=practice).values("town_id")
    qs = Town.objects.filter(
        pk__in=staff_town_ids(user), district_id=practice.district_id, active=True
    ).exclude(pk__in=done)
    if practice.state == PracticeState.PILOTING:
        qs = qs.filter(pk=practice.pilot_town_id)
    return list(qs.order_by("code"))


def adoptions_visible_to(*, user) -> QuerySet[Adoption]:
    return Adoption.objects.filter(town__in=staff_town_ids(user)).select_related("town", "practice")


def adoption_get_for(*, user, pk) -> Adoption:
    a = adoptions_visible_to(user=user).filter(pk=pk).first()
    if a is None:
        raise Http404
    return a


def adoptions_filtered(*, user, practice=None, town=None) -> QuerySet[Adoption]:
    qs = adoptions_visible_to(user=user)
    if practice:
        qs = qs.filter(practice=practice)
    if town:
        qs = qs.filter(town=town)
    return qs


# --- the diffusion chart --------------------------------------------------------------------------------------


@dataclass
class Diffusion:
    years: list[int]
    series: list[dict]  # {"name", "data": cumulative towns per year, "url"}
    towns: int  # towns of the district(s)


def diffusion(*, user, today: dt.date | None = None) -> Diffusion:
    """Per practice this user may see, how many towns run it by the end of each year, from the first pilot year to
    this year (cumulative). Three queries."""
    from renda.core.models import Town

    today = today or timezone.localdate()
    practices = list(practices_visible_to(user=user).order_by("pilot_year", "id"))
    rows = (
        Adoption._base_manager.filter(practice__in=[p.pk for p in practices])
        .values_list("practice_id", "adopted_on__year")
        .order_by()
    )
    per: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for pk, year in rows:
        per[pk][year] += 1
    first = min([p.pilot_year for p in practices] + [y for d in per.values() for y in d] + [today.year])
    years = list(range(first, today.year + 1))
    series = []
    for p in practices:
        total, data = 0, []
        for y in years:
            total += per[p.pk].get(y, 0)
            data.append(total)
        series.append({"name": p.name, "data": data, "url": p.get_absolute_url()})
    districts = {p.district_id for p in practices} or set(grants_of(user).district_ids)
    towns = Town.objects.filter(district__in=districts, active=True).count()
    return Diffusion(years=years, series=series, towns=towns)


# --- six haves --------------------------------------------------------------------------------------------------


def sixhaves_visible_to(*, user) -> QuerySet[SixHaves]:
    return SixHaves.objects.filter(town__in=staff_town_ids(user)).select_related("town")


def sixhaves_get_for(*, user, pk) -> SixHaves:
    s = sixhaves_visible_to(user=user).filter(pk=pk).first()
    if s is None:
        raise Http404
    return s


def sixhaves_filtered(*, user, year=None, town=None, state: str = "") -> QuerySet[SixHaves]:
    qs = sixhaves_visible_to(user=user)
    if year:
        qs = qs.filter(year=year)
    if town:
        qs = qs.filter(town=town)
    if state:
        qs = qs.filter(state=state)
    return qs.annotate(confirmed=Count("items", filter=Q(items__confirmed=True)))


def sixhaves_actions_for(*, user, assessment: SixHaves) -> set[str]:
    return {t.action for t in workflow_actions_for(assessment, user)}


@dataclass
class ItemView:
    key: str
    label: str
    item: SixHavesItem | None
    evidence: list[dict]  # {"label", "count", "url"}
    files: list[EvidenceFile] = field(default_factory=list)

    @property
    def confirmed(self) -> bool:
        return bool(self.item and self.item.confirmed)


def _evidence_dicts(rows) -> list[dict]:
    return [{"label": e.label, "count": e.count, "url": e.url, "source": e.source} for e in rows]


def sixhaves_items(*, assessment: SixHaves) -> list[ItemView]:
    """The six items with their evidence: as kept at submission, else what the records show now (a fixed number
    of queries: the items, their files, one per provider when live)."""
    items = {
        i.key: i for i in SixHavesItem._base_manager.filter(assessment=assessment).prefetch_related("files")
    }
    live = None
    if assessment.state != SixHavesState.SUBMITTED:
        live = sixhaves_evidence(town_ids=[assessment.town_id], year=assessment.year)[assessment.town_id]
    out = []
    for key, label in SIX_HAVES.items():
        item = items.get(key)
        evidence = (
            item.evidence
            if (live is None and item is not None)
            else _evidence_dicts((live or {}).get(key, []))
        )
        out.append(
            ItemView(
                key=key,
                label=str(label),
                item=item,
                evidence=evidence,
                files=list(item.files.all()) if item else [],
            )
        )
    return out


@dataclass
class GridCell:
    key: str
    confirmed: bool
    evidence: list[dict]


@dataclass
class GridRow:
    town: object
    assessment: SixHaves | None
    cells: list[GridCell]


def sixhaves_grid(*, user, district, year: int) -> list[GridRow]:
    """Every active town of the district × the six items: each cell's confirmation and evidence (kept at
    submission, else what the records show now). A fixed number of queries for any number of towns."""
    towns = [t for t in towns_of_district(district=district) if t.pk in set(staff_town_ids(user))]
    ids = [t.pk for t in towns]
    assessments = {s.town_id: s for s in SixHaves.objects.filter(town__in=ids, year=year)}
    items: dict[int, dict[str, SixHavesItem]] = defaultdict(dict)
    for i in SixHavesItem.objects.filter(assessment__in=[s.pk for s in assessments.values()]):
        items[i.assessment_id][i.key] = i
    live = sixhaves_evidence(town_ids=ids, year=year)
    rows = []
    for t in towns:
        s = assessments.get(t.pk)
        mine = items.get(s.pk, {}) if s else {}
        cells = []
        for key in SIX_HAVES:
            item = mine.get(key)
            if s is not None and s.state == SixHavesState.SUBMITTED and item is not None:
                evidence = item.evidence
            else:
                evidence = _evidence_dicts(live[t.pk][key])
            cells.append(GridCell(key=key, confirmed=bool(item and item.confirmed), evidence=evidence))
        rows.append(GridRow(town=t, assessment=s, cells=cells))
    return rows


# --- files ------------------------------------------------------------------------------------------------------


def file_get_for(*, user, pk) -> EvidenceFile:
    f = (
        EvidenceFile.objects.filter(town__in=staff_town_ids(user), pk=pk)
        .select_related("adoption", "item__assessment")
        .first()
    )
    if f is None:
        raise Http404
    return f


def file_open(f: EvidenceFile):
    """The stored file, opened, or None when it is gone from storage (the caller says so)."""
    try:
        return f.file.open("rb")
    except FileNotFoundError:
        return None


def file_owner(f: EvidenceFile):
    """The record a file belongs to (its page)."""
    return f.adoption if f.adoption_id else f.item.assessment
