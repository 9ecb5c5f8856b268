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

from .enums import DutyKind, DutyState, PlanState, PublishField
from .models import (
    Assessment,
    AssessmentScore,
    GroupActivity,
    GroupPlan,
    OtherDuty,
    PointRules,
    PublicationSetting,
)

DUTY_KINDS = {
    "performance.training": gettext_lazy("参加培训"),
    "performance.other": gettext_lazy("其他履职"),
}
GROUP_KINDS = {"performance.group_activity": gettext_lazy("参加代表小组活动")}
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


# ------------------------------------------------------------------------------------------- deputy groups


def group_record_lines(*, person_ids, year: int) -> list[RecordLine]:
    """The group activities the persons attended in `year` (a line per attendee). One query."""
    through = GroupActivity.attendees.through
    rows = through.objects.filter(person_id__in=person_ids, groupactivity__date__year=year).select_related(
        "groupactivity__group"
    )
    label = GROUP_KINDS["performance.group_activity"]
    return [
        RecordLine(
            kind="performance.group_activity",
            person_id=r.person_id,
            town_id=r.groupactivity.town_id,
            date=r.groupactivity.date,
            label=f"{label}：{r.groupactivity.group.name}·{r.groupactivity.topic}",
            url=reverse("performance:group-activity-detail", kwargs={"pk": r.groupactivity_id}),
            source=f"performance.groupactivity:{r.groupactivity_id}",
            detail=r.groupactivity.get_kind_display(),
        )
        for r in rows
    ]


def group_towns(user) -> list[int]:
    """Towns whose group plans and activities the user sees: staff, presidium and deputies of the town."""
    return towns_where(user, READERS | {Role.DEPUTY})


def groups_of(*, town: Town, year: int) -> list:
    """The town's groups active in the year, with leader and summariser (one query)."""
    from renda.registry.models import DeputyGroup

    start = dt.date(year, 1, 1)
    return list(
        DeputyGroup.objects.filter(town=town)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("leader")
        .order_by("name", "pk")
    )


def groups_visible_to(*, user):
    from renda.registry.models import DeputyGroup

    return DeputyGroup.objects.filter(town__in=group_towns(user)).select_related(
        "town", "leader", "summariser"
    )


def group_get_for(*, user, pk: int):
    return get_object_or_404(groups_visible_to(user=user), pk=pk)


def groups_filed_by(user) -> list:
    """The active groups the user may file a plan for or record an activity of: theirs, or their towns' for
    staff."""
    from renda.registry.models import DeputyGroup

    mine = list(grants_of(user).person_ids)
    return list(
        DeputyGroup.objects.filter(end_date__isnull=True)
        .filter(Q(town__in=towns_where(user, STAFF)) | Q(leader__in=mine) | Q(members__in=mine))
        .distinct()
        .select_related("town")
        .order_by("town__code", "name", "pk")
    )


def plans_visible_to(*, user) -> QuerySet[GroupPlan]:
    return GroupPlan.objects.filter(town__in=group_towns(user)).select_related(
        "town", "group", "group__leader", "summariser", "filed_by"
    )


def plan_get_for(*, user, pk: int) -> GroupPlan:
    return get_object_or_404(plans_visible_to(user=user), pk=pk)


def plan_clock(plan: GroupPlan):
    """The plan's running filing clock, or None."""
    from django.contrib.contenttypes.models import ContentType

    from renda.core.deadlines.models import Clock

    from .clocks import PLAN_CLOCK

    ct = ContentType.objects.get_for_model(GroupPlan, for_concrete_model=False)
    return Clock.unscoped.filter(
        content_type=ct, object_id=str(plan.pk), kind=PLAN_CLOCK, stopped_at=None
    ).first()


@dataclass
class PlanCell:
    """One cell of the filing board: a group's plan of a year (or none yet) and its status."""

    year: int
    plan: GroupPlan | None
    status: str  # on_time, late, pending, overdue, missing
    label: str


PLAN_STATUS = {
    "on_time": gettext_lazy("按时报备"),
    "late": gettext_lazy("逾期报备"),
    "pending": gettext_lazy("待报备"),
    "overdue": gettext_lazy("逾期未报"),
    "missing": gettext_lazy("未开始报备"),
}


def plan_status(plan: GroupPlan | None, today: dt.date) -> str:
    if plan is None:
        return "missing"
    if plan.state == PlanState.FILED:
        return "late" if plan.filed_late else "on_time"
    return "overdue" if today > plan.deadline else "pending"


def plan_board(*, town: Town, years: list[int], today: dt.date) -> list[tuple]:
    """Rows (group, [PlanCell per year]) of the town's groups: two queries."""
    groups = groups_of(town=town, year=min(years))
    plans = {
        (p.group_id, p.year): p
        for p in GroupPlan.objects.filter(town=town, year__in=years).only(
            "id", "group_id", "year", "state", "deadline", "filed_late", "filed_at", "town_id"
        )
    }
    rows = []
    for g in groups:
        cells = []
        for y in years:
            p = plans.get((g.pk, y))
            status = plan_status(p, today)
            cells.append(PlanCell(y, p, status, str(PLAN_STATUS[status])))
        rows.append((g, cells))
    return rows


def plan_items(plan: GroupPlan) -> list:
    return list(plan.items.order_by("month", "id"))


def group_activities_visible_to(*, user) -> QuerySet[GroupActivity]:
    return GroupActivity.objects.filter(town__in=group_towns(user)).select_related(
        "town", "group", "plan", "summary_by"
    )


def group_activity_get_for(*, user, pk: int) -> GroupActivity:
    return get_object_or_404(
        group_activities_visible_to(user=user).select_related("plan__summariser", "group__summariser"), pk=pk
    )


def attendees_of(activity: GroupActivity) -> list[Person]:
    return list(activity.attendees.order_by("name", "pk"))


def group_people(group) -> QuerySet[Person]:
    """The group's leader and members, to choose attendees and the summariser from."""
    ids = list(group.members.values_list("pk", flat=True))
    if group.leader_id:
        ids.append(group.leader_id)
    return Person.objects.filter(pk__in=ids).order_by("name", "pk")


# ------------------------------------------------------------------------------------------- publication

# Never on a public page, whatever a setting holds.
NEVER_PUBLIC = {"id_number", "phone", "birth_date", "address", "village"}
# A line of these kinds is published by its kind only (its label names a citizen's appeal).
LABEL_ONLY_KINDS = {"receptions.appeal_replied"}


def publication_fields(town: Town) -> tuple[list[str], bool, PublicationSetting | None]:
    """The fields the town publishes (known codes only, never personal numbers), whether it publishes."""
    row = PublicationSetting.objects.filter(town=town).first()
    raw = row.fields if row is not None else settings.RENDA["PUBLICATION_DEFAULT_FIELDS"]
    fields = [f for f in PublishField.values if f in set(raw) and f not in NEVER_PUBLIC]
    return fields, (row.published if row is not None else True), row


def _mandates_now(town: Town, persons: list[Person], year: int) -> dict[int, Mandate]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        Mandate.objects.filter(town=town, person__in=persons, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("electoral_district")
        .order_by("person_id", "-start_date", "-pk")
    )
    out: dict[int, Mandate] = {}
    for m in rows:
        out.setdefault(m.person_id, m)
    return out


def _public_basic(person: Person, mandate: Mandate | None, fields: list[str]) -> dict:
    """Only the chosen fields, each read from a fixed attribute: nothing else of the person is ever copied."""
    values = {
        "name": lambda: person.name,
        "gender": lambda: person.get_gender_display(),
        "ethnicity": lambda: person.ethnicity,
        "party": lambda: person.party,
        "level": lambda: mandate.get_level_display() if mandate else "",
        "electoral_district": lambda: (
            mandate.electoral_district.name if mandate and mandate.electoral_district_id else ""
        ),
        "occupation": lambda: person.workplace,
        "sector": lambda: person.get_sector_display(),
    }
    return {
        f: (str(PublishField(f).label), values[f]()) for f in fields if f in values and f not in NEVER_PUBLIC
    }


@dataclass
class PublicDeputy:
    pk: int
    basic: dict  # field → (label, value)
    kinds: list[tuple[str, int]] = field(default_factory=list)  # (kind label, count) when "summary"
    lines: list[tuple[dt.date, str]] = field(default_factory=list)  # when "lines"
    points: tuple | None = None  # (total, rank) when "points" and the year is assessed


def public_deputies(*, town: Town, year: int, person_pk: int | None = None) -> list[PublicDeputy]:
    """The town's deputies of `year` with what the town publishes about them (a fixed number of queries)."""
    fields, published, _row = publication_fields(town)
    if not published:
        return []
    persons = deputies_of(town=town, year=year)
    if person_pk is not None:
        persons = [p for p in persons if p.pk == person_pk]
    if not persons:
        return []
    mandates = _mandates_now(town, persons, year)
    lines = (
        record_lines(person_ids=[p.pk for p in persons], year=year)
        if {"summary", "lines"} & set(fields)
        else []
    )
    labels = record_kinds()
    scores = {}
    if "points" in fields:
        scores = {
            s.person_id: (s.total, s.rank)
            for s in AssessmentScore.objects.filter(
                assessment__town=town, assessment__year=year, person__in=persons
            )
        }
    out = []
    for p in persons:
        mine = [ln for ln in lines if ln.person_id == p.pk and ln.town_id == town.pk]
        d = PublicDeputy(p.pk, _public_basic(p, mandates.get(p.pk), fields))
        if "summary" in fields:
            counts: dict[str, int] = {}
            for ln in mine:
                counts[ln.kind] = counts.get(ln.kind, 0) + 1
            d.kinds = [(str(label), counts[k]) for k, label in labels.items() if counts.get(k)]
        if "lines" in fields:
            d.lines = [
                (ln.date, str(labels.get(ln.kind, ln.kind)) if ln.kind in LABEL_ONLY_KINDS else ln.label)
                for ln in mine
            ]
        if "points" in fields:
            d.points = scores.get(p.pk)
        out.append(d)
    return out
