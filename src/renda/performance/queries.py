"""Performance reads: the record of a deputy and year (every registered source's lines, core.records), the
points the rules give, the rules of a town and year, and the access functions (404 for absent and not yours)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.models import Town
from renda.core.records import RecordLine, record_kinds, record_lines
from renda.registry.models import Mandate, Person

from .enums import DutyKind, DutyState
from .models import Assessment, AssessmentScore, OtherDuty, PointRules

DUTY_KINDS = {
    "performance.training": gettext_lazy("参加培训"),
    "performance.other": gettext_lazy("其他履职"),
}
READERS = {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}
STAFF = {Role.DISTRICT_STAFF, Role.TOWN_STAFF}


def towns_where(user, roles: set[str]) -> list[int]:
    g = grants_of(user)
    ids: set[int] = set()
    for role in roles:
        ids |= g.roles.get(role, frozenset())
    if getattr(user, "is_superuser", False):
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def town_get(pk: int) -> Town:
    return Town.objects.get(pk=pk)


# ------------------------------------------------------------------------------------------- the record


def duty_record_lines(*, person_ids, year: int) -> list[RecordLine]:
    """The confirmed other duties (this app's own source of the record). One query."""
    rows = OtherDuty.objects.filter(person__in=person_ids, date__year=year, state=DutyState.CONFIRMED)
    return [
        RecordLine(
            kind=f"performance.{d.kind}",
            person_id=d.person_id,
            town_id=d.town_id,
            date=d.date,
            label=f"{DUTY_KINDS[f'performance.{d.kind}']}：{d.title}",
            url=reverse("performance:duty-detail", kwargs={"pk": d.pk}),
            source=f"performance.otherduty:{d.pk}",
            detail=d.note,
        )
        for d in rows
    ]


@dataclass
class KindPoints:
    kind: str
    label: str
    count: int
    points: Decimal  # per line
    cap: Decimal | None
    total: Decimal  # count × points, capped
    lines: list[RecordLine] = field(default_factory=list)


@dataclass
class Record:
    person: Person
    year: int
    lines: list[RecordLine]
    kinds: list[KindPoints]
    total: Decimal


def default_rules() -> dict:
    return {k: dict(v) for k, v in settings.RENDA["PERFORMANCE_POINT_RULES"].items()}


def rules_for(*, town: Town, year: int) -> dict:
    """The rules a town's year is assessed by: the defaults with the town's own changes on top (or, once
    assessed, the frozen rules of the assessment)."""
    assessment = Assessment.objects.filter(town=town, year=year).first()
    if assessment is not None:
        return assessment.rules
    rules = default_rules()
    own = PointRules.objects.filter(town=town, year=year).first()
    if own is not None:
        rules.update(own.rules)
    return rules


def _dec(value) -> Decimal:
    return Decimal(str(value))


def points_of(lines: list[RecordLine], rules: dict) -> tuple[list[KindPoints], Decimal]:
    """Points per kind (count × points, capped at the kind's cap; a negative kind is never capped) and the sum."""
    labels = record_kinds()
    by_kind: dict[str, list[RecordLine]] = {}
    for line in lines:
        by_kind.setdefault(line.kind, []).append(line)
    out = []
    for kind, label in labels.items():
        rule = rules.get(kind, {"points": 0, "cap": None})
        got = by_kind.get(kind, [])
        points = _dec(rule.get("points") or 0)
        cap = None if rule.get("cap") in (None, "") else _dec(rule["cap"])
        total = points * len(got)
        if cap is not None and total > cap:
            total = cap
        out.append(KindPoints(kind, str(label), len(got), points, cap, total, got))
    return out, sum((k.total for k in out), Decimal(0))


def record_of(*, person: Person, year: int) -> Record:
    """A deputy's record of a year from every source, with the points their town's rules give."""
    lines = record_lines(person_ids=[person.pk], year=year)
    kinds, total = points_of(lines, rules_for(town=person.town, year=year))
    return Record(person, year, lines, kinds, total)


def own_persons(user) -> QuerySet[Person]:
    """The persons the user is (a deputy's seats, one per town at most)."""
    return Person.objects.filter(pk__in=list(grants_of(user).person_ids)).select_related("town")


def record_persons_visible_to(*, user) -> QuerySet[Person]:
    """Whose record a user may see: staff and presidium their towns' persons, a deputy their own."""
    return Person.objects.filter(
        Q(town__in=towns_where(user, READERS)) | Q(pk__in=list(grants_of(user).person_ids))
    ).select_related("town")


def record_person_get_for(*, user, pk: int) -> Person:
    return get_object_or_404(record_persons_visible_to(user=user), pk=pk)


def deputies_of(*, town: Town, year: int) -> list[Person]:
    """Everyone with a deputyship (town, district or city level) in the town during the year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ids = (
        Mandate.objects.filter(town=town, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("person_id", flat=True)
    )
    return list(Person.objects.filter(pk__in=list(ids)).order_by("name", "pk"))


# ------------------------------------------------------------------------------------------- duties


def duties_visible_to(*, user) -> QuerySet[OtherDuty]:
    """Staff and presidium see their towns' duties; a deputy their own."""
    return OtherDuty.objects.filter(
        Q(town__in=towns_where(user, READERS)) | Q(person__in=list(grants_of(user).person_ids))
    ).select_related("person", "town")


def duty_get_for(*, user, pk: int) -> OtherDuty:
    return get_object_or_404(duties_visible_to(user=user), pk=pk)


def duty_kind_choices():
    return DutyKind.choices


# ------------------------------------------------------------------------------------------- assessments


def assessments_visible_to(*, user) -> QuerySet[Assessment]:
    """Staff, presidium and the town's deputies see the town's assessments."""
    return Assessment.objects.filter(town__in=towns_where(user, READERS | {Role.DEPUTY})).select_related(
        "town"
    )


def assessment_get_for(*, user, pk: int) -> Assessment:
    return get_object_or_404(assessments_visible_to(user=user), pk=pk)


def assessment_of(*, town: Town, year: int) -> Assessment | None:
    return Assessment.objects.filter(town=town, year=year).first()


def scores_of(assessment: Assessment) -> QuerySet[AssessmentScore]:
    """The ranking: one query with the persons."""
    return (
        AssessmentScore.objects.filter(assessment=assessment).select_related("person").order_by("rank", "pk")
    )


def scores_visible_to(*, user) -> QuerySet[AssessmentScore]:
    """Staff and presidium see every score of their towns; a deputy their own."""
    return AssessmentScore.objects.filter(
        Q(town__in=towns_where(user, READERS)) | Q(person__in=list(grants_of(user).person_ids))
    ).select_related("person", "assessment", "assessment__town")


def score_get_for(*, user, pk: int) -> AssessmentScore:
    return get_object_or_404(scores_visible_to(user=user), pk=pk)


def score_of(*, person: Person, year: int) -> AssessmentScore | None:
    return (
        AssessmentScore.objects.filter(person=person, assessment__year=year)
        .select_related("assessment")
        .first()
    )


def corrections_of(score: AssessmentScore):
    return list(score.corrections.select_related("actor").order_by("id"))
