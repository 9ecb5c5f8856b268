"""Demo sessions: the last two years of the current term (up to today) for every demo town with a congress,
built through the services, each session inside its term and dated in the history at its own steps.

Each year: a regular session (年初例会, two days, with the main agenda items, roll call, motions and votes) and
a budget session; every third town also held a one-day special session this year. Left on purpose: the first
town held no budget session in the first year (a compliance gap); the second town adjusted this year's budget
and held a budget-adjustment session; in the first town one deputy missed one session without leave (warned)
and another missed two (flagged for the presidium); one motion stayed under five signatures and was refused;
one was not put on the agenda and became a suggestion. Idempotent: a town that
already has sessions is skipped. Deterministic for a seed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.audit import activities_dated
from renda.core.models import District, Town
from renda.registry.models import Term

from . import queries
from . import services as cs
from .enums import AgendaKind, MotionKind, MotionSource, Presence, SessionKind, SpecialRequester, VoteKind
from .models import Session

TZ = ZoneInfo("Asia/Shanghai")
MOTION_TITLES = [
    "关于加快农村生活污水治理的议案",
    "关于改善镇区停车秩序的议案",
    "关于加强中小学周边交通安全的议案",
    "关于推进老旧小区加装电梯的议案",
    "关于提升农贸市场管理水平的议案",
    "关于完善养老服务设施的议案",
]


def _term(town: Town, on: dt.date) -> Term | None:
    return Term.objects.filter(town=town, start_date__lte=on, end_date__gte=on).first()


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


class TownSessions:
    def __init__(self, town: Town, *, rng: random.Random, index: int, today: dt.date):
        self.town, self.rng, self.index, self.today = town, rng, index, today
        self.first_year = today.year
        self.counts = {"sessions": 0, "motions": 0, "votes": 0}
        self.absentees: dict[int, list[str]] = {}  # person id -> session keys they miss without leave

    def build(self) -> None:
        """The last two years of the current term up to today; every session inside its term and past."""
        term = _term(self.town, self.today)
        if term is None:
            return
        years = list(range(max(term.start_date.year, self.today.year - 1), self.today.year + 1))
        first, last = years[0], years[-1]
        self.first_year = first
        for year in years:
            self.session(year, SessionKind.REGULAR, dt.date(year, 2, 24 + (self.index % 3)))
            if not (year == first and self.index == 0):  # the deliberate gap: no budget session that year
                self.session(year, SessionKind.BUDGET, dt.date(year, 8, 25 + (self.index % 3)))
            if year == last and self.index == 1 and dt.date(year, 10, 21) < self.today:
                with activities_dated(dt.date(year, 9, 20)):
                    cs.budget_adjustment_record(
                        town=self.town, year=year, note="追加基础设施投入，调整年度预算", actor=SYSTEM
                    )
                self.session(year, SessionKind.BUDGET_ADJUSTMENT, dt.date(year, 10, 20))
            # Towns differ: every third town called a one-day special session (personnel matters) this year.
            if year == last and self.index % 3 == 1:
                self.session(year, SessionKind.SPECIAL, dt.date(year, 5 + self.index % 5, 12), days=1)

    def session(self, year: int, kind: str, start: dt.date, days: int = 2) -> Session | None:
        end = start + dt.timedelta(days=days - 1)
        term = _term(self.town, start)
        if term is None or end > term.end_date or end >= self.today:
            return None  # a session lies inside its term, and the demo holds only past ones
        persons = list(queries.serving_persons(term=term, on=start))
        if len(persons) < 6:
            return None
        with activities_dated(start - dt.timedelta(days=30)):  # convened a month ahead
            session = cs.session_create(
                town=self.town,
                data={
                    "term": term, "kind": kind, "start_date": start, "end_date": end,
                    "venue": f"{self.town.name}人民政府大会堂", "motion_deadline": start - dt.timedelta(days=1),
                    **({"requested_by": SpecialRequester.PRESIDIUM} if kind == SessionKind.SPECIAL else {}),
                },
                actor=SYSTEM,
            )  # fmt: skip
            items = self.agenda(session, kind)
        self.counts["sessions"] += 1
        if kind == SessionKind.REGULAR:
            with activities_dated(_at(start - dt.timedelta(days=5))):
                self.motions(session, persons)
        self.roll_call(session, persons, year, kind)
        with activities_dated(_at(session.start_date, 8)):
            cs.session_open(session=session, day=session.start_date, actor=SYSTEM)
        with activities_dated(_at(session.end_date, 11)):
            self.votes(session, items, persons)
        with activities_dated(_at(session.end_date, 17)):
            cs.session_close(session=session, actor=SYSTEM, at=_at(session.end_date, 17))
        return session

    def agenda(self, session: Session, kind: str) -> list:
        titles = {
            SessionKind.REGULAR: [
                (AgendaKind.GOVERNMENT_REPORT, "听取和审议镇人民政府工作报告"),
                (AgendaKind.PRESIDIUM_REPORT, "听取和审议镇人大主席团工作报告"),
                (AgendaKind.BUDGET, "审查和批准上年财政预算执行情况和本年财政预算"),
                (AgendaKind.DECISION, "审议代表议案"),
            ],
            SessionKind.BUDGET: [
                (AgendaKind.BUDGET, "审查本年上半年财政预算执行情况"),
                (AgendaKind.OTHER, "听取镇人民政府专项工作报告"),
            ],
            SessionKind.BUDGET_ADJUSTMENT: [(AgendaKind.BUDGET, "审查和批准本年财政预算调整方案")],
            SessionKind.SPECIAL: [(AgendaKind.ELECTION, "补选镇人民政府副镇长")],
        }[kind]
        return [cs.agenda_item_add(session=session, kind=k, title=t, actor=SYSTEM) for k, t in titles]

    def motions(self, session: Session, persons: list) -> None:
        rng = self.rng
        early = _at(session.start_date - dt.timedelta(days=5))
        titles = rng.sample(MOTION_TITLES, 3)
        pool = persons[:]
        rng.shuffle(pool)
        # 1: lodged with five signers, put on the agenda (voted below).
        m1 = self._motion(session, titles[0], pool[0], pool[1:5], early)
        cs.motion_lodge(motion=m1, actor=SYSTEM, at=early)
        cs.motion_decide(motion=m1, on_agenda=True, reason="符合议案要求", actor=SYSTEM, at=early)
        # 2: lodged with six signers, not on the agenda: handled as a deputy suggestion.
        m2 = self._motion(session, titles[1], pool[5], pool[6:11], early)
        cs.motion_lodge(motion=m2, actor=SYSTEM, at=early)
        cs.motion_decide(
            motion=m2, on_agenda=False, reason="属于具体工作建议，作为代表建议交办", actor=SYSTEM, at=early
        )
        # 3: only three signers: refused, stays a draft.
        m3 = self._motion(
            session, titles[2], pool[11 % len(pool)], pool[12 % len(pool) : 14 % len(pool) or None], early
        )
        with contextlib.suppress(ValidationError):
            cs.motion_lodge(motion=m3, actor=SYSTEM, at=early)
        self.counts["motions"] += 3

    def _motion(self, session, title, lead, cosigners, at):
        m = cs.motion_create(
            session=session, kind=MotionKind.MOTION, source=MotionSource.DEPUTIES, title=title,
            content=f"{title[2:-3]}事关群众切身利益，建议镇人民政府制定方案、安排资金、明确责任单位并限期完成。",
            lead=lead, actor=SYSTEM, at=at,
        )  # fmt: skip
        for p in cosigners:
            if p.pk != lead.pk:
                cs.motion_cosign(motion=m, person=p, actor=SYSTEM, at=at)
        return m

    def roll_call(self, session: Session, persons: list, year: int, kind: str) -> None:
        rng = self.rng
        # One deputy on approved leave each day; in the first town two deputies miss sessions without leave.
        on_leave = persons[-1]
        with activities_dated(_at(session.start_date - dt.timedelta(days=3))):
            leave = cs.leave_request_create(
                session=session, person=on_leave, first_day=session.start_date, last_day=session.end_date,
                reason=rng.choice(["外出学习", "因病住院", "企业年审"]), actor=SYSTEM,
            )  # fmt: skip
        with activities_dated(_at(session.start_date - dt.timedelta(days=2))):
            cs.leave_request_decide(
                leave=leave, approve=True, actor=SYSTEM, at=_at(session.start_date - dt.timedelta(days=2))
            )
        absent = set()
        if self.index == 0 and kind == SessionKind.REGULAR:
            absent.add(persons[1].pk)  # misses both regular sessions: flagged
            if year == self.first_year:
                absent.add(persons[2].pk)  # misses one: warned
        for day in sorted({session.start_date, session.end_date}):
            presence = {}
            for p in persons:
                if p.pk == on_leave.pk:
                    presence[p.pk] = Presence.LEAVE
                elif p.pk in absent:
                    presence[p.pk] = Presence.ABSENT
                else:
                    presence[p.pk] = Presence.PRESENT
            with activities_dated(_at(day, 8)):
                cs.roll_call_record(session=session, day=day, presence=presence, actor=SYSTEM)

    def votes(self, session: Session, items: list, persons: list) -> None:
        rng = self.rng
        present = len(persons) - 1 - (2 if self.index == 0 else 0)
        for item in items:
            if item.kind == AgendaKind.DECISION:
                motions = list(session.motions.filter(state="on_agenda"))
                for m in motions:
                    self._vote(session, f"关于{m.title[2:-3]}的决议", present, rng, item=item, motion=m)
                continue
            if item.kind == AgendaKind.OTHER:
                continue
            self._vote(
                session,
                f"关于{item.title[:2] == '听取' and item.title[7:] or item.title}的决议",
                present,
                rng,
                item=item,
            )

    def _vote(self, session, title, present, rng, **links):
        vote = cs.vote_create(
            session=session, kind=VoteKind.DECISION, title=title, day=session.end_date, actor=SYSTEM, **links
        )
        no = rng.randint(0, 2)
        abstain = rng.randint(0, 2)
        cs.vote_record(
            vote=vote, counts={"yes": present - no - abstain, "no": no, "abstain": abstain}, actor=SYSTEM
        )
        cs.vote_close(vote=vote, actor=SYSTEM, at=_at(session.end_date, 11))
        self.counts["votes"] += 1


def build(*, seed: int | None = None, log=None) -> dict:
    seed = settings.RENDA["DEMO_SEED"] if seed is None else seed
    log = log or (lambda _m: None)
    totals = {"sessions": 0, "motions": 0, "votes": 0, "towns": 0}
    with scopes_disabled():  # a command works across towns
        district = District.objects.filter(code=settings.RENDA["DEMO_DISTRICT_CODE"]).first()
        if district is None:
            return totals
        towns = [t for t in Town.objects.filter(district=district).order_by("code") if t.has_congress]
        towns = [t for t in towns if Term.objects.filter(town=t).exists()]
        for index, town in enumerate(towns):
            if Session.objects.filter(town=town).exists():
                continue
            with transaction.atomic():
                b = TownSessions(
                    town, rng=random.Random(f"{seed}-{town.code}"), index=index, today=timezone.localdate()
                )
                b.build()
            totals["towns"] += 1
            for k, v in b.counts.items():
                totals[k] += v
            log(
                f"{town.name}：人代会 {b.counts['sessions']} 次，议案 {b.counts['motions']} 件，表决 {b.counts['votes']} 项"
            )
    return totals
