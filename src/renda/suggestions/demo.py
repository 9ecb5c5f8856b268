"""Demo data: a year of suggestions in every state for each town with a congress (renda demo).

Deterministic for a seed, idempotent (a town that already has suggestions is skipped), and written
through the services with explicit dates (`on=`), so clocks, history and figures are what real use gives."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from renda.core import services as core_services
from renda.core.actors import SYSTEM
from renda.core.audit import activities_dated
from renda.core.enums import Role, TownKind
from renda.core.models import RoleGrant, Town, User
from renda.registry.enums import Level, MandateStatus
from renda.registry.models import HandlingUnit, Person, PresidiumMember

from . import services
from .models import KeyNotice, State, Suggestion
from .workflow import KEY as KEY_STATES

TOPICS = [
    (
        "交通",
        "关于增设{v}公交站点的建议",
        "{v}群众出行主要依靠公交，现有站点距离居民区较远，老人和学生出行不便，建议增设站点并延长末班车时间。",
    ),
    (
        "交通",
        "关于修缮{v}村道的建议",
        "{v}主干村道路面破损、坑洼积水，雨天通行困难，存在安全隐患，建议尽快修缮并完善排水。",
    ),
    (
        "水利",
        "关于整治{v}河道环境的建议",
        "{v}河道淤积严重，垃圾漂浮，部分生活污水直排，建议开展清淤保洁并截流污水。",
    ),
    (
        "农业",
        "关于加强{v}高标准农田建设的建议",
        "{v}部分农田灌溉渠道老化，影响粮食生产，建议纳入高标准农田建设计划。",
    ),
    (
        "教育",
        "关于解决{v}学生上学接送难的建议",
        "{v}距学校较远，家长接送压力大，建议开通校车或优化公交线路。",
    ),
    (
        "养老",
        "关于建设{v}居家养老服务站的建议",
        "{v}老年人口占比高，独居老人较多，建议建设居家养老服务站，提供助餐和日间照料。",
    ),
    (
        "安全",
        "关于消除{v}群租房消防隐患的建议",
        "{v}群租房较多，电动自行车室内充电现象普遍，建议开展专项整治并建设集中充电桩。",
    ),
    (
        "环境",
        "关于改善{v}垃圾分类设施的建议",
        "{v}垃圾分类投放点设置不合理、清运不及时，建议优化点位并增加清运频次。",
    ),
    (
        "医疗",
        "关于提升{v}卫生室服务能力的建议",
        "{v}卫生室药品种类少、医生不足，群众看病需到镇区，建议加强村卫生室建设。",
    ),
    (
        "就业",
        "关于加强{v}农民就业技能培训的建议",
        "{v}部分农民缺乏就业技能，建议结合本地产业开展技能培训，拓宽就业渠道。",
    ),
    ("停车", "关于缓解{v}停车难的建议", "{v}周边车辆乱停乱放，道路拥堵，建议规划建设公共停车场并加强管理。"),
    ("照明", "关于增设{v}路灯的建议", "{v}部分路段夜间无照明，群众出行存在安全隐患，建议增设路灯。"),
]
REPLIES = {
    "A": "经研究，代表所提建议已予以采纳并落实完成，具体情况如下：已组织实施相关工程，群众反映良好。",
    "B": "代表所提建议已列入今年工作计划，目前正在推进实施，预计按计划完成。",
    "C": "代表所提建议很有必要，但受资金和规划条件限制，目前暂不能解决，待条件成熟时统筹考虑。",
    "D": "代表所提建议对我们的工作有参考价值，我们将在今后工作中认真研究参考。",
}
SHARES = (0.2, 0.3, 0.45, 0.2, 0.35, 0.25)  # of the full plan, by the town's place in the district's order
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# (target state, outcome class, how many per town); the order is the order of submission dates.
PLAN = [
    ("closed", "A", 9),
    ("closed", "B", 3),
    ("closed", "C", 2),
    ("closed", "D", 2),
    ("closed_second", "A", 1),
    ("not_accepted", "", 2),
    ("rehandling", "B", 1),
    ("replied", "A", 2),
    ("replied", "C", 1),
    ("assigned_returned", "", 1),
    ("assigned", "", 6),
    ("accepted", "", 2),
    ("submitted", "", 3),
    ("cosigning", "", 1),
    ("draft", "", 1),
    ("merged", "", 1),
]


def _letter(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class TownDemo:
    def __init__(
        self, town: Town, rng: random.Random, today: dt.date, password: str, full: bool, index: int = 0
    ):
        self.town, self.rng, self.today, self.index = town, rng, today, index
        self.staff = User.objects.get(
            grants__role=Role.TOWN_STAFF, grants__town=town, username__endswith="_staff"
        )
        self.deputies = list(
            Person.objects.filter(
                town=town, mandates__status=MandateStatus.SERVING, mandates__level=Level.TOWN
            )
            .distinct()
            .order_by("pk")
        )
        grant = (
            RoleGrant.objects.filter(role=Role.DEPUTY, person__town=town)
            .select_related("user", "person")
            .first()
        )
        self.deputy_user, self.deputy_person = (grant.user, grant.person) if grant else (None, None)
        self.units = list(HandlingUnit.objects.filter(town=town, end_date=None).order_by("pk"))
        self.clerks = {
            g.unit_id: g.user
            for g in RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit__in=self.units).select_related(
                "user"
            )
        }
        self.presidium = [
            m.person
            for m in PresidiumMember.objects.filter(town=town, end_date=None).select_related("person")
        ]
        self.villages = list(town.village_set.values_list("name", flat=True)) or [town.name]
        self.password = password
        self.full = full

    def clerk(self, unit) -> User:
        """Each unit's clerk: the demo account, or a clerk account for that unit (username slug_unitN)."""
        if unit.pk not in self.clerks:
            base = self.staff.username.removesuffix("_staff")
            username = f"{base}_unit{unit.pk}"
            user = User.objects.filter(username=username).first()
            if user is None:
                # Demo accounts share one password hash: Argon2 per account would dominate the demo's time.
                user = User.objects.create(
                    username=username, password=self.password, display_name=f"{unit.name}经办人"
                )
                core_services.role_grant_create(user=user, role=Role.UNIT_CLERK, unit=unit, actor=SYSTEM)
            self.clerks[unit.pk] = user
        return self.clerks[unit.pk]

    def wd(self, day: dt.date, n: int) -> dt.date:
        """n calendar days later, moved off weekends, never after today."""
        d = day + dt.timedelta(days=n)
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        return min(d, self.today)

    def signers(self, i: int) -> list[Person]:
        if self.deputy_person is not None and i % 5 == 0:
            lead = self.deputy_person
        else:
            lead = self.deputies[(i * 7) % len(self.deputies)]
        others = [p for p in self.rng.sample(self.deputies, k=min(3, len(self.deputies))) if p.pk != lead.pk]
        return [lead, *others[: self.rng.choice([0, 0, 1, 2])]]

    def text(self, i: int) -> tuple[str, str, str]:
        topic, title, content = TOPICS[i % len(TOPICS)]
        v = self.villages[(i * 3) % len(self.villages)]
        return topic, title.format(v=v), content.format(v=v)

    def build(self) -> dict:
        rng, today, staff = self.rng, self.today, self.staff
        year_start = dt.date(today.year, 1, 5)
        # The first town (the one the README's demo accounts open) gets the full year; the others a share of
        # it that differs from town to town (every state at least once).
        share = 1.0 if self.full else SHARES[self.index % len(SHARES)]
        items = [(state, cls) for state, cls, n in PLAN for _ in range(max(1, round(n * share)))]
        span = (today - year_start).days
        counts: dict[str, int] = {}
        made: list[Suggestion] = []
        for i, (target, cls) in enumerate(items):
            # Earlier items are further along: spread submission dates from January to last week.
            frac = i / max(1, len(items) - 1)
            day = self.wd(year_start, int(frac * (span - 10)))
            if target in ("submitted", "cosigning", "draft"):
                day = self.wd(today - dt.timedelta(days=rng.choice([2, 4, 15])), 0)
            topic, title, content = self.text(i)
            signers = self.signers(i)
            channel = rng.choice(["recess", "recess", "activity", "session"])
            data = {"title": title, "content": content, "topic": topic, "channel": channel}
            with activities_dated(day):
                if target in ("draft", "cosigning") and self.deputy_user is not None:
                    co = [p for p in self.deputies if p.pk != self.deputy_person.pk][:1]
                    s = services.suggestion_create(
                        town=self.town,
                        data=data,
                        signers=[self.deputy_person, *(co if target == "cosigning" else [])],
                        actor=self.deputy_user,
                        submit=target == "cosigning",
                        on=day,
                    )
                else:
                    s = services.suggestion_create(
                        town=self.town, data=data, signers=signers, actor=staff, on=day
                    )
                if i % 4 == 0 and target not in ("draft",):
                    services.suggestion_attachment_add(
                        suggestion=s, upload=_letter("现场情况.pdf"), actor=staff
                    )
            self.advance(s, target, cls, day)
            made.append(s)
            counts[target] = counts.get(target, 0) + 1
        self.key(made)
        services.suggestions_followup_sweep(today=today)
        return counts

    def advance(self, s: Suggestion, target: str, cls: str, day: dt.date) -> None:
        rng, staff = self.rng, self.staff
        if target in ("draft", "cosigning", "submitted"):
            return
        review = self.wd(day, rng.choice([1, 2, 3]))
        if target == "not_accepted":
            with activities_dated(review):
                services.suggestion_review(
                    suggestion=s,
                    accept=False,
                    reason=rng.choice(["personal", "court_case", "no_substance"]),
                    note="经审查，不属于代表建议范围。",
                    actor=staff,
                    on=review,
                )
            return
        if target == "merged":
            into = (
                Suggestion.unscoped.filter(  # merging is within one town and one year
                    town=self.town, year=s.year, state__in=[State.SUBMITTED, State.ACCEPTED]
                )
                .exclude(pk=s.pk)
                .order_by("-pk")
                .first()
            )
            if into is not None:
                with activities_dated(review):
                    services.suggestion_merge(target=into, others=[s], actor=staff)
                return
        with activities_dated(review):
            services.suggestion_review(suggestion=s, accept=True, actor=staff, on=review)
        if target == "accepted":
            return
        lead = self.units[rng.randrange(len(self.units))]
        co = [u for u in rng.sample(self.units, k=min(2, len(self.units))) if u.pk != lead.pk][
            : rng.choice([0, 0, 1])
        ]
        late = rng.random() < 0.15
        assigned = self.wd(review, rng.choice([2, 3, 4]) + (9 if late else 0))
        difficult = rng.random() < 0.1
        if target == "assigned_returned":
            with activities_dated(assigned):
                services.suggestion_assign(
                    suggestion=s, lead_unit=lead, co_units=co, actor=staff, on=assigned
                )
            back = self.wd(assigned, 2)
            with activities_dated(back):
                services.suggestion_return(
                    suggestion=s,
                    unit=lead,
                    reason="该事项不属于本单位职责范围，建议交由相关部门办理。",
                    actor=self.clerk(lead),
                    on=back,
                )
            lead = next(u for u in self.units if u.pk != lead.pk)
            co = []
            assigned = self.wd(back, 1)
        with activities_dated(assigned):
            services.suggestion_assign(
                suggestion=s, lead_unit=lead, co_units=co, difficult=difficult, actor=staff, on=assigned
            )
        clerk = self.clerk(lead)
        with activities_dated(self.wd(assigned, 1)):
            services.suggestion_sign(suggestion=s, unit=lead, actor=clerk, on=self.wd(assigned, 1))
        if target in ("assigned", "assigned_returned"):
            if rng.random() < 0.6:
                with activities_dated(self.wd(assigned, 5)):
                    services.suggestion_contact_record(
                        suggestion=s,
                        unit=lead,
                        date=self.wd(assigned, 5),
                        way=rng.choice(["visit", "phone", "meeting"]),
                        summary="与代表面对面沟通，了解具体诉求和现场情况。",
                        actor=clerk,
                    )
            if rng.random() < 0.2:
                with activities_dated(self.wd(assigned, 8)):
                    services.suggestion_extension_request(
                        suggestion=s,
                        unit=lead,
                        days=30,
                        reason="涉及多个部门协调，需延长办理时间。",
                        actor=clerk,
                    )
            return
        for u in co:
            with activities_dated(self.wd(assigned, 10)):
                services.suggestion_co_opinion(
                    suggestion=s,
                    unit=u,
                    opinion="同意主办单位意见，我单位将积极配合。",
                    actor=self.clerk(u),
                    on=self.wd(assigned, 10),
                )
        contact = self.wd(assigned, rng.choice([10, 20, 30]))
        with activities_dated(contact):
            services.suggestion_contact_record(
                suggestion=s,
                unit=lead,
                date=contact,
                way=rng.choice(["visit", "phone", "meeting"]),
                summary="与代表沟通办理思路，代表表示理解。",
                actor=clerk,
            )
        first_cls = "B" if target in ("rehandling", "closed_second") else cls
        replied = self.wd(contact, rng.choice([20, 40, 70]))
        planned = replied + dt.timedelta(days=rng.choice([60, 200, 300])) if first_cls in ("B",) else None
        if first_cls == "C":
            planned = replied + dt.timedelta(days=rng.choice([90, 240]))
        with activities_dated(replied):
            services.suggestion_reply(
                suggestion=s,
                unit=lead,
                outcome_class=first_cls,
                text=REPLIES[first_cls],
                letter=_letter("答复函.pdf"),
                planned_date=planned,
                actor=clerk,
                on=replied,
            )
        if target == "replied":
            return
        fb_day = self.wd(replied, rng.choice([3, 7, 10]))
        unhappy = target in ("rehandling", "closed_second")
        self.feedback(s, fb_day, unhappy)
        if target == "rehandling":
            return
        if target == "closed_second":
            contact2 = self.wd(fb_day, 5)
            with activities_dated(contact2):
                services.suggestion_contact_record(
                    suggestion=s,
                    unit=lead,
                    date=contact2,
                    way="visit",
                    summary="再次上门沟通，现场察看整改情况。",
                    actor=clerk,
                )
            with activities_dated(self.wd(contact2, 10)):
                services.suggestion_reply(
                    suggestion=s,
                    unit=lead,
                    outcome_class=cls,
                    text=REPLIES[cls],
                    letter=_letter("再次答复函.pdf"),
                    actor=clerk,
                    on=self.wd(contact2, 10),
                )
            self.feedback(s, self.wd(contact2, 14), False)
        if rng.random() < 0.5:
            with activities_dated(self.wd(replied, 20)):
                services.suggestion_publish(suggestion=s, published=True, actor=staff)

    def feedback(self, s: Suggestion, day: dt.date, unhappy: bool) -> None:
        signers = list(s.signers.select_related("person"))
        for n, signer in enumerate(signers):
            result = (
                "unsatisfied"
                if unhappy and n == len(signers) - 1
                else self.rng.choice(["satisfied", "satisfied", "basically"])
            )
            actor = (
                self.deputy_user
                if signer.person_id == getattr(self.deputy_person, "pk", None)
                else self.staff
            )
            with activities_dated(day):
                services.suggestion_feedback(
                    suggestion=s,
                    person=signer.person,
                    work_score="satisfied",
                    result_score=result,
                    actor=actor,
                    on=day,
                )

    def key(self, made: list[Suggestion]) -> None:
        eligible = list(Suggestion.unscoped.filter(pk__in=[m.pk for m in made], state__in=KEY_STATES))
        n = max(1, round(len(eligible) * 0.18))
        chosen = self.rng.sample(eligible, k=min(n, len(eligible)))
        for s in chosen:
            from .queries import supervisor_candidates

            ranked = supervisor_candidates(suggestion=s)
            people = [p for p, _m in ranked[:2]] or self.presidium[:1]
            if people:
                services.suggestion_key_set(suggestion=s, is_key=True, supervisors=people, actor=self.staff)
        # The notice lists this year's key suggestions still being handled (none: no notice).
        if chosen and services.key_notice_items(town=self.town, year=self.today.year).exists():
            services.key_notice_issue(town=self.town, year=self.today.year, actor=self.staff)


def build(*, seed: int | None = None, log=None) -> None:
    log = log or (lambda _m: None)
    seed = settings.RENDA["DEMO_SEED"] if seed is None else seed
    today = timezone.localdate()
    password = make_password(settings.RENDA["DEMO_PASSWORD"])
    towns = list(Town.objects.filter(kind=TownKind.TOWN).order_by("code"))
    for index, town in enumerate(towns):
        if not User.objects.filter(
            grants__role=Role.TOWN_STAFF, grants__town=town, username__endswith="_staff"
        ).exists():
            continue
        # Built already (other modules may have turned motions or appeals into suggestions): the demo's own
        # key suggestions (and their notice, when some are still being handled this year) mark a town done.
        if (
            KeyNotice.objects.filter(town=town).exists()
            or Suggestion.unscoped.filter(town=town, is_key=True).exists()
        ):
            continue
        if (
            not PresidiumMember.objects.filter(town=town).exists()
            or not HandlingUnit.objects.filter(town=town).exists()
        ):
            continue
        t0 = time.perf_counter()
        from django.db import transaction

        with transaction.atomic():
            counts = TownDemo(
                town, random.Random(f"{seed}-{town.code}"), today, password, town == towns[0], index
            ).build()
        log(f"{town.name} 代表建议：{sum(counts.values())} 件，{time.perf_counter() - t0:.1f} 秒")
