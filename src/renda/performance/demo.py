"""Demo data of the performance app (renda demo), after the other modules' demos.

In every town with a congress: the deputy groups' yearly plans of last year and this year — opened on 1 January
with their filing clocks, most filed on time in January, one or two late in February, the last group of each
town never filed (overdue on the board); the groups' activities of the plans' months that are past, each with
its attendees among the group's deputies and, except the most recent, the summary by the plan's designated
summariser; a few other duties (training, other) entered by staff and confirmed; last year assessed through the
assessment service (the frozen rules, every deputy's points and the ranking, one correction with its reason)
— the record of both years is what the other modules' demo data already give. The first town publishes more
of its deputies' information (party and points too).

Every write goes through the services by the account that makes it (town staff; SYSTEM writes a summary in
the summariser's name, as the summarisers have no accounts), dated with `on=` and `activities_dated`.
Deterministic for a seed; idempotent (a town that already has group plans is skipped). Small on purpose."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renda.core.actors import SYSTEM
from renda.core.audit import activities_dated
from renda.core.enums import Role, TownKind
from renda.core.models import RoleGrant
from renda.registry.models import DeputyGroup

from .enums import GroupActivityKind as K
from .models import GroupPlan
from .services import assessment as assessments
from .services import duties, publication
from .services import groups as svc

TOPICS = [
    (K.INSPECTION, "视察农村道路交通安全设施"),
    (K.RESEARCH, "调研居家养老服务中心运营情况"),
    (K.RECEPTION, "进联络站接待选民"),
    (K.VISIT, "走访困难群众和退役军人家庭"),
    (K.STUDY, "学习代表法和代表履职规范"),
    (K.INSPECTION, "视察河道长效管护"),
    (K.RESEARCH, "调研农贸市场食品安全"),
    (K.VISIT, "走访辖区企业听取发展诉求"),
]
SUMMARY = "本次活动由组长召集，{n}名代表参加。代表们{topic}，现场听取了群众意见，梳理出问题{k}条，已形成建议报镇人大。"
DUTIES = [
    ("training", "参加区人大代表履职培训班"),
    ("other", "参与镇村人居环境整治督查"),
    ("training", "参加代表专题学习会"),
]


def _day(year: int, month: int, rng: random.Random, today: dt.date) -> dt.date | None:
    day = dt.date(year, month, rng.randint(5, 25))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day if day < today else None


def _people(group: DeputyGroup) -> list:
    people = list(group.members.all())
    if group.leader is not None and group.leader not in people:
        people.insert(0, group.leader)
    return people


def _year(town, staff, groups: list[DeputyGroup], year: int, rng: random.Random, today: dt.date) -> int:
    """One year of the town's groups: opened, filed (on time, late, one never), activities with summaries."""
    with activities_dated(dt.date(year, 1, 2)):
        svc.plans_open(town=town, year=year, actor=staff)
    deadline = svc.plan_deadline(year)
    n = 0
    for gi, group in enumerate(groups):
        people = _people(group)
        if len(people) < 2:
            continue
        if gi == len(groups) - 1:  # the last group never files: 逾期未报 once the deadline passed
            continue
        late = gi == 1 or (gi == 3 and rng.random() < 0.5)
        on = (
            deadline + dt.timedelta(days=rng.randint(3, 12)) if late else dt.date(year, 1, rng.randint(8, 28))
        )
        if on >= today:
            continue  # not yet filed this year
        plan_topics = rng.sample(TOPICS, 4)
        months = sorted(rng.sample(range(2, 12), 4))
        items = [{"month": m, "kind": k, "topic": t} for m, (k, t) in zip(months, plan_topics, strict=True)]
        summariser = people[-1]
        with activities_dated(on):
            plan = svc.plan_file(
                group=group, year=year, items=items, summariser=summariser, actor=staff, on=on,
                note="" if not late else "春节前后代表外出务工较多，计划汇总推迟。",
            )  # fmt: skip
        held = [(i, _day(year, i["month"], rng, today)) for i in items]
        held = [(i, d) for i, d in held if d is not None]
        for hi, (item, day) in enumerate(held):
            attendees = rng.sample(people, max(2, min(len(people), rng.randint(3, 6))))
            with activities_dated(day):
                activity = svc.group_activity_record(
                    group=group,
                    data={"date": day, "kind": item["kind"], "topic": item["topic"], "place": f"{group.name[-6:-1]}",
                          "attendees": attendees},
                    actor=staff,
                )  # fmt: skip
            n += 1
            if hi == len(held) - 1 and year == today.year:
                continue  # the latest activity waits for its summary
            summary_day = min(day + dt.timedelta(days=rng.randint(1, 4)), today - dt.timedelta(days=1))
            with activities_dated(summary_day):
                svc.group_activity_summarise(
                    activity=activity, actor=SYSTEM, on=summary_day,
                    summary=SUMMARY.format(n=len(attendees), topic=item["topic"], k=rng.randint(2, 5)),
                )  # fmt: skip
        del plan
    return n


def _duties(town, staff, year: int, rng: random.Random, today: dt.date) -> int:
    from .queries import deputies_of

    people = deputies_of(town=town, year=year)
    n = 0
    for person, (kind, title) in zip(rng.sample(people, min(3, len(people))), DUTIES, strict=False):
        day = min(dt.date(year, rng.randint(3, 11), rng.randint(1, 28)), today - dt.timedelta(days=2))
        with activities_dated(day):
            duty = duties.duty_enter(
                person=person, data={"kind": kind, "date": day, "title": title}, actor=staff
            )
        with activities_dated(day + dt.timedelta(days=1)):
            duties.duty_confirm(duty=duty, actor=staff)
        n += 1
    return n


def _assess(town, staff, year: int, rng: random.Random) -> None:
    with activities_dated(dt.date(year + 1, 1, 15)):
        assessment = assessments.assessment_run(town=town, year=year, actor=staff)
    scores = list(assessment.scores.order_by("rank", "pk")[:8])
    if scores:
        with activities_dated(dt.date(year + 1, 1, 18)):
            assessments.score_correct(
                score=rng.choice(scores), delta=2, reason="补记参加区人大常委会组织的执法检查", actor=staff
            )


def build(*, seed: int | None = None, log=None) -> dict:
    log = log or (lambda _m: None)
    seed = settings.RENDA["DEMO_SEED"] if seed is None else seed
    today = timezone.localdate()
    t0 = time.perf_counter()
    totals = {"towns": 0, "plans": 0, "activities": 0}
    grants = RoleGrant.objects.filter(
        role=Role.TOWN_STAFF, user__username__endswith="_staff", town__kind=TownKind.TOWN
    ).select_related("town", "user")
    first = True
    for grant in grants.order_by("town__code"):
        town, staff = grant.town, grant.user
        groups = list(
            DeputyGroup.objects.filter(town=town, end_date=None)
            .select_related("leader", "summariser")
            .prefetch_related("members")
            .order_by("name", "pk")
        )
        if not groups or GroupPlan.objects.filter(town=town).exists():
            continue
        rng = random.Random(f"{seed}-performance-{town.code}")
        with transaction.atomic():
            for year in (today.year - 1, today.year):
                totals["activities"] += _year(town, staff, groups, year, rng, today)
            _duties(town, staff, today.year - 1, rng, today)
            _duties(town, staff, today.year, rng, today)
            _assess(town, staff, today.year - 1, rng)
            if first:
                with activities_dated(dt.date(today.year - 1, 3, 1)):
                    publication.publication_set(
                        town=town, actor=staff,
                        fields=["name", "gender", "party", "level", "electoral_district", "occupation", "summary",
                                "points"],
                    )  # fmt: skip
        first = False
        totals["towns"] += 1
        totals["plans"] += GroupPlan.objects.filter(town=town).count()
    log(
        f"代表小组活动与履职考核：{totals['towns']} 个镇，{totals['plans']} 份年度活动计划，"
        f"{totals['activities']} 次小组活动，{time.perf_counter() - t0:.1f} 秒"
    )
    return totals
