"""The data generator behind `renda seed`: real geography from the national division dataset, then terms,
electoral districts, seats, deputies, handling units, suggestions (signers, assignments, replies, feedback)
and appeals in plausible shares of states over three years, and the running clocks of open items.

Rows go in through bulk_create, town by town, each town in one transaction; the rows obey the same model
rules (required fields, unique constraints, valid ID numbers and phones) as rows written by the services.
Nothing here writes the activity log: history pages of seeded items are empty.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models.base import ModelState
from django.utils import timezone

from renda.core.actors import SYSTEM
from renda.core.deadlines.calendar import WorkCalendar
from renda.core.deadlines.models import Clock
from renda.core.deadlines.rules import rule_get, steps_by_kind
from renda.core.deadlines.services import due_date_compute, next_reminder_day
from renda.core.enums import Role, TownKind
from renda.core.models import RoleGrant, Town, User
from renda.receptions.enums import AppealSource, AppealState, FeedbackVia, ReplyMethod, Satisfaction
from renda.receptions.models import Appeal
from renda.registry import divisions
from renda.registry.enums import Gender, Level, LiaisonPostKind, MandateStatus, Sector, UnitKind
from renda.registry.models import (
    ElectoralDistrict,
    HandlingUnit,
    LiaisonPost,
    Mandate,
    Person,
    Seat,
    Term,
    Village,
)
from renda.registry.validators import id_check_digit
from renda.suggestions.models import (
    Channel,
    Kind,
    Score,
    State,
    Suggestion,
    SuggestionAssignment,
    SuggestionFeedback,
    SuggestionReply,
    SuggestionSigner,
    UnitRole,
)
from renda.suggestions.similarity import tokens_of

PASSWORD = "renda-seed-2026"  # every seeded account; the load benchmark logs in with it
BATCH = 5000
YEARS = 3


@dataclass(frozen=True)
class Scale:
    code: str  # 6-digit county, 4-digit city or 2-digit province code
    suggestions: int | None  # total over three years; None: the province's rate per town times the towns
    appeals: int | None


SCALES = {
    "district": Scale("320509", 5_000, 20_000),  # 吴江区
    "city": Scale("3205", None, None),  # 苏州市
    "province": Scale("32", 1_000_000, 2_000_000),  # 江苏省
}
# The province's rates, used for the city: 1 M suggestions over 691 towns, 2 M appeals over 1,487 units.
SUGGESTIONS_PER_TOWN = 1_000_000 / 691
APPEALS_PER_UNIT = 2_000_000 / 1_487
SEATS_PER_TOWN = (110, 160)  # 45 + one per 1,500 residents, at most 160: big Jiangsu towns
DISTRICT_DEPUTIES_PER_SUBDISTRICT = 20
UNITS_PER_TOWN = 14

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌辉鹏宇浩凯健俊帆帅旭宁龙林欣雪梅琳晨阳东海波"
ETHNICITIES = ["汉族"] * 48 + ["回族", "满族"]
PARTIES = ["中共党员"] * 6 + ["群众"] * 3 + ["民盟盟员"]
PROBLEMS = [
    ("道路破损严重亟需修缮", "roads"),
    ("增设路灯方便群众夜间出行", "roads"),
    ("河道清淤整治改善水环境", "water"),
    ("农贸市场改造提升", "environment"),
    ("小区停车位不足问题", "housing"),
    ("完善垃圾分类收运设施", "environment"),
    ("建设老年活动中心", "social"),
    ("优化公交线路和班次", "roads"),
    ("学校周边交通安全整治", "safety"),
    ("保障农村饮用水安全", "water"),
    ("老旧小区加装电梯", "housing"),
    ("提高农村医疗服务水平", "social"),
    ("高标准农田建设", "agriculture"),
    ("规范电动自行车充电管理", "safety"),
    ("增加幼儿园学位", "social"),
    ("整治工业企业噪声扰民", "environment"),
]
UNIT_NAMES = [
    ("党政办公室", UnitKind.TOWN_OFFICE), ("经济发展局", UnitKind.TOWN_OFFICE),
    ("建设管理局", UnitKind.TOWN_OFFICE), ("社会事业局", UnitKind.TOWN_OFFICE),
    ("农业农村局", UnitKind.TOWN_OFFICE), ("综合执法局", UnitKind.TOWN_OFFICE),
    ("财政分局", UnitKind.TOWN_OFFICE), ("安全生产监督管理局", UnitKind.TOWN_OFFICE),
    ("派出所", UnitKind.STATION), ("卫生院", UnitKind.STATION), ("供电所", UnitKind.STATION),
    ("水务站", UnitKind.STATION), ("交通运输局", UnitKind.DISTRICT_DEPT), ("生态环境局", UnitKind.DISTRICT_DEPT),
]  # fmt: skip


@dataclass
class Report:
    scale: str
    seconds: dict[str, float] = field(default_factory=dict)
    rows: Counter = field(default_factory=Counter)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def county_codes(code: str) -> list[str]:
    """The 6-digit county codes of a county, city (4 digits) or province (2 digits) in the dataset."""
    if len(code) == 6:
        return [code]
    path = divisions.dataset_dir() / "data.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as db:
        column = "cityCode" if len(code) == 4 else "provinceCode"
        rows = db.execute(f"SELECT code FROM area WHERE {column} = ? ORDER BY code", [code]).fetchall()  # noqa: S608
    return [r[0] for r in rows]


def _copy_rows(model, rows: list) -> None:
    """PostgreSQL: the rows through COPY, several times faster than bulk_create's INSERT … UNNEST. Primary keys
    are taken from the table's own sequence first, so the caller's objects carry them as after bulk_create.
    Values go in as the attributes hold them (psycopg adapts str, int, bool, date, datetime, Decimal, None);
    auto_now fields through their pre_save, JSON and other special fields through get_db_prep_save."""
    conn = connections[DEFAULT_DB_ALIAS]
    opts = model._meta
    fields = opts.concrete_fields
    plain = (str, int, bool, float, dt.date, Decimal, type(None))
    getters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(lambda o, f=f: f.pre_save(o, True))
        else:
            getters.append(lambda o, a=f.attname, f=f: _plain_or_prep(getattr(o, a), f, conn, plain))
    with conn.cursor() as cursor:
        missing = [o for o in rows if o.pk is None]
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, opts.pk.column, len(missing)],
            )
            for obj, (pk,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = pk
        columns = ", ".join(conn.ops.quote_name(f.column) for f in fields)
        table = conn.ops.quote_name(opts.db_table)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608 (names from the model)
            write = copy.write_row
            for obj in rows:
                write([g(obj) for g in getters])
    for obj in rows:
        obj._state.adding = False
        obj._state.db = DEFAULT_DB_ALIAS


_LAYOUTS: dict = {}


def _new(model, **values):
    """A model instance without Model.__init__ (descriptors, signals): the seed makes millions of them.
    Fields not given take their default; a related object given by name sets its id and its cache."""
    layout = _LAYOUTS.get(model)
    if layout is None:
        by_name = {}
        for f in model._meta.concrete_fields:
            by_name[f.name] = (f.attname, f.is_relation)
            by_name[f.attname] = (f.attname, False)
        defaults = [(f.attname, f._get_default) for f in model._meta.concrete_fields]
        layout = _LAYOUTS[model] = (by_name, defaults)
    by_name, defaults = layout
    obj = model.__new__(model)
    state = obj._state = ModelState()
    d = obj.__dict__
    for attname, default in defaults:
        d[attname] = default()
    for name, value in values.items():
        attname, relation = by_name[name]
        if relation:
            d[attname] = None if value is None else value.pk
            state.fields_cache[name] = value
        else:
            d[attname] = value
    return obj


def _plain_or_prep(value, field, conn, plain):
    if type(value) in plain:
        return value
    if isinstance(value, str):  # TextChoices members
        return str(value)
    return field.get_db_prep_save(value, conn)


@contextlib.contextmanager
def _dates_as_given(*models):
    """Let bulk_create keep the created_at/updated_at we set (history spread over three years)."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


class Generator:
    def __init__(self, *, scale: str, seed: int, log=print):
        self.scale_name = scale
        self.scale = SCALES[scale]
        self.rng = random.Random(seed)
        self.seed = seed
        self.part = 0
        self.log = log
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.report = Report(scale=scale)
        self.password = make_password(PASSWORD)
        self._due_cache: dict[tuple, dt.date] = {}
        self._calendar = WorkCalendar.load(
            self.today - dt.timedelta(days=366 * (YEARS + 1)), self.today + dt.timedelta(days=366)
        )
        self._rules: dict = {}
        self._tokens_cache: dict[str, str] = {}
        self._steps = steps_by_kind(["suggestion.assign", "suggestion.reply", "appeal.reply"])
        self._ct_suggestion = ContentType.objects.get_for_model(Suggestion)
        self._ct_appeal = ContentType.objects.get_for_model(Appeal)
        self._tracking: set[str] = set()
        self._outcomes = [c[0] for c in settings.RENDA["SUGGESTION_OUTCOME_CLASSES"]]
        self._not_accepted = [c[0] for c in settings.RENDA["SUGGESTION_NOT_ACCEPTED_REASONS"]]
        self._categories = {c[0] for c in settings.RENDA["APPEAL_CATEGORIES"]}

    # ------------------------------------------------------------------------------------ helpers

    def _timed(self, step: str, started: float) -> None:
        self.report.seconds[step] = self.report.seconds.get(step, 0.0) + time.perf_counter() - started

    def _bulk(self, model, rows: list) -> list:
        if rows:
            if connection.vendor == "postgresql":
                _copy_rows(model, rows)
            else:
                model._base_manager.bulk_create(rows, batch_size=BATCH)
            self.report.rows[model._meta.label_lower] += len(rows)
        return rows

    def _at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        h = hour if hour is not None else self.rng.randint(8, 17)
        return dt.datetime(day.year, day.month, day.day, h, self.rng.randint(0, 59), tzinfo=self.tz)

    def _name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def _mobile(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"

    def _id_number(self, county: str, birth: dt.date, seq: int) -> str:
        first17 = f"{county}{birth:%Y%m%d}{seq % 1000:03d}"
        return first17 + id_check_digit(first17)

    def _due(self, kind: str, rule: str, start: dt.date) -> dt.date:
        key = (kind, rule, start)
        if key not in self._due_cache:
            r = self._rule(rule)
            self._due_cache[key] = due_date_compute(
                kind=kind, start=start, unit=r.unit, amount=r.amount, cal=self._calendar
            ).date
        return self._due_cache[key]

    def _tokens(self, text: str) -> str:
        if text not in self._tokens_cache:
            self._tokens_cache[text] = " ".join(tokens_of(text))
        return self._tokens_cache[text]

    def _tracking_code(self) -> str:
        n = settings.RENDA["TRACKING_CODE_LENGTH"]
        alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
        first = alphabet[self.part % len(alphabet)]  # parts seeded in parallel never draw the same code
        while True:
            code = first + "".join(self.rng.choice(alphabet) for _i in range(n - 1))
            if code not in self._tracking:
                self._tracking.add(code)
                return code

    def _rule(self, code: str):
        if code not in self._rules:
            self._rules[code] = rule_get(code)
        return self._rules[code]

    def _clock(self, *, town, subject, ct, kind: str, rule: str, start: dt.date, **who) -> Clock:
        r = self._rule(rule)
        clock = _new(
            Clock,
            town=town,
            content_type=ct,
            object_id=str(subject.pk),
            subject_repr=str(subject)[:200],
            link=subject.get_absolute_url(),
            kind=kind,
            rule_code=r.code,
            rule_unit=r.unit,
            rule_amount=r.amount,
            start_date=start,
            due_date=self._due(kind, rule, start),
            # Reminders up to yesterday went out before the seed; the next step is still to come.
            reminded_through=max(start, self.today) - dt.timedelta(days=1),
            **who,
        )
        clock.next_reminder_on = next_reminder_day(clock, self._steps.get(kind, []))
        return clock

    # ---------------------------------------------------------------------------------- geography

    def geography(self) -> list[Town]:
        started = time.perf_counter()
        towns: list[Town] = []
        for county in county_codes(self.scale.code):
            report = divisions.division_load(code=county, actor=SYSTEM)
            towns.extend(t.town for t in report.towns)
        self._timed("geography", started)
        self.log(f"geography: {len(towns)} township-level units in {time.perf_counter() - started:.1f} s")
        return towns

    # ------------------------------------------------------------------------------------- a town

    def town(self, town: Town, n_suggestions: int, n_appeals: int) -> None:
        if Person.objects.filter(town=town).exists():
            raise ValueError(f"{town.name}（{town.code}）已有人员，seed 只用于空数据库")
        with transaction.atomic():
            started = time.perf_counter()
            staff, deputies, units, villages, post = self._registry(town)
            self._timed("registry", started)
            started = time.perf_counter()
            if deputies and n_suggestions and town.has_congress:
                self._suggestions(town, n_suggestions, deputies, units, staff)
            self._timed("suggestions", started)
            started = time.perf_counter()
            self._appeals(town, n_appeals, units, villages, post, staff)
            self._timed("appeals", started)

    def _registry(self, town: Town):
        r, today = self.rng, self.today
        villages = list(Village.objects.filter(town=town).order_by("code"))
        county = town.code[:6]
        staff = User(
            username=f"staff-{town.code}",
            display_name=f"{town.name}人大工作人员",
            password=self.password,
        )
        staff.save()
        RoleGrant.objects.create(user=staff, role=Role.TOWN_STAFF, town=town)
        self.report.rows["core.user"] += 1
        self.report.rows["core.rolegrant"] += 1
        units = self._bulk(
            HandlingUnit,
            [
                HandlingUnit(
                    town=town, name=name, kind=kind, contact_name=self._name(), contact_phone=self._mobile()
                )
                for name, kind in UNIT_NAMES[:UNITS_PER_TOWN]
            ],
        )
        post = self._bulk(
            LiaisonPost,
            [
                LiaisonPost(
                    town=town,
                    kind=LiaisonPostKind.HOME,
                    name=f"{town.name}人大代表之家",
                    village=villages[0] if villages else None,
                    opening_hours="每月1日、11日、21日 9:00-11:30",
                )
            ],
        )[0]
        seats_wanted = r.randint(*SEATS_PER_TOWN) if town.has_congress else 0
        n_people = seats_wanted or DISTRICT_DEPUTIES_PER_SUBDISTRICT
        people = []
        for i in range(n_people):
            birth = dt.date(r.randint(1960, 1998), r.randint(1, 12), r.randint(1, 28))
            people.append(
                _new(
                    Person,
                    town=town,
                    name=self._name(),
                    gender=r.choice(Gender.values),
                    birth_date=birth,
                    ethnicity=r.choice(ETHNICITIES),
                    party=r.choice(PARTIES),
                    id_number=self._id_number(county, birth, i),
                    phone=self._mobile(),
                    sector=r.choice(Sector.values),
                    workplace=f"{town.name}{r.choice(UNIT_NAMES)[0]}",
                    village=r.choice(villages) if villages else None,
                )
            )
        self._bulk(Person, people)
        mandates: list[Mandate] = []
        if seats_wanted:
            start = dt.date(today.year - 2, 1, 1)
            term = self._bulk(
                Term, [Term(town=town, number=19, start_date=start, end_date=dt.date(start.year + 5, 12, 31))]
            )[0]
            eds, sizes = [], []
            left, number = seats_wanted, 0
            while left > 0:
                number += 1
                size = min(left, r.choice((1, 2, 2, 3)))
                sizes.append(size)
                eds.append(
                    ElectoralDistrict(town=town, term=term, number=number, name=f"第{number}选区", seats=size)
                )
                left -= size
            self._bulk(ElectoralDistrict, eds)
            if villages:
                through = ElectoralDistrict.villages.through
                links = [
                    through(electoraldistrict_id=ed.pk, village_id=villages[i % len(villages)].pk)
                    for i, ed in enumerate(eds)
                ]
                self._bulk(through, links)
            seats = self._bulk(
                Seat,
                [
                    _new(Seat, town=town, electoral_district=ed, number=k + 1)
                    for ed, size in zip(eds, sizes, strict=True)
                    for k in range(size)
                ],
            )
            for person, seat in zip(people, seats, strict=True):
                mandates.append(
                    _new(
                        Mandate,
                        town=town,
                        person=person,
                        level=Level.TOWN,
                        term=term,
                        electoral_district=seat.electoral_district,
                        seat=seat,
                        status=MandateStatus.SERVING,
                        start_date=start,
                    )
                )
        # About one in eight (in a subdistrict: everyone) is also a district deputy.
        for person in people:
            if not seats_wanted or r.random() < 0.125:
                mandates.append(
                    _new(
                        Mandate,
                        town=town,
                        person=person,
                        level=Level.DISTRICT,
                        term_label="第十八届",
                        status=MandateStatus.SERVING,
                        start_date=dt.date(today.year - 2, 1, 1),
                    )
                )
        self._bulk(Mandate, mandates)
        return staff, people if seats_wanted else [], units, villages, post

    # -------------------------------------------------------------------------------- suggestions

    def _suggestion_state(self, age: int) -> str:
        x = self.rng.random()
        if age > 200:
            table = [(0.04, State.NOT_ACCEPTED), (0.07, State.REPLIED), (0.09, State.ASSIGNED),
                     (0.10, State.REHANDLING), (1.0, State.CLOSED)]  # fmt: skip
        elif age > 90:
            table = [(0.05, State.NOT_ACCEPTED), (0.30, State.ASSIGNED), (0.60, State.REPLIED),
                     (0.62, State.REHANDLING), (1.0, State.CLOSED)]  # fmt: skip
        else:
            table = [(0.08, State.DRAFT), (0.18, State.SUBMITTED), (0.23, State.ACCEPTED),
                     (0.26, State.NOT_ACCEPTED), (0.85, State.ASSIGNED), (1.0, State.REPLIED)]  # fmt: skip
        return next(state for limit, state in table if x < limit)

    def _suggestions(self, town, n, deputies, units, staff) -> None:
        r, today = self.rng, self.today
        span = 365 * YEARS
        days = sorted(today - dt.timedelta(days=r.randrange(span)) for _i in range(n))
        counters: Counter = Counter()
        for chunk_start in range(0, n, BATCH):
            rows: list[tuple[Suggestion, list[Person], dt.date]] = []
            for day in days[chunk_start : chunk_start + BATCH]:
                state = self._suggestion_state((today - day).days)
                problem, _cat = r.choice(PROBLEMS)
                village = r.choice(deputies).village
                place = village.name if village else town.name
                title = f"关于{place}{problem}的建议"
                content = (
                    f"{place}群众反映{problem}。经实地调研，建议有关部门尽快研究，"
                    f"制定方案并落实资金，切实解决群众的急难愁盼问题。"
                )
                signers = r.sample(deputies, k=r.choice((1, 1, 1, 2, 3)))
                created = self._at(day)
                s = _new(
                    Suggestion,
                    town=town,
                    year=day.year,
                    kind=r.choice((Kind.SUGGESTION,) * 8 + (Kind.OPINION, Kind.CRITICISM)),
                    title=title[:200],
                    content=content,
                    topic=problem[:4],
                    channel=r.choice((Channel.RECESS,) * 3 + (Channel.SESSION, Channel.ACTIVITY)),
                    state=state,
                    lead_person=signers[0],
                    created_by=staff,
                    on_behalf=True,
                    tokens=self._tokens(f"{title} {content}"),
                    created_at=created,
                    updated_at=created,
                )
                if state != State.DRAFT:
                    counters[day.year] += 1
                    s.number = f"{day.year}-{counters[day.year]:03d}"
                    s.submitted_at = created
                if state not in (State.DRAFT, State.SUBMITTED):
                    s.reviewed_at = self._at(day + dt.timedelta(days=r.randint(1, 5)))
                if state == State.NOT_ACCEPTED:
                    s.not_accepted_reason = r.choice(self._not_accepted)
                    s.not_accepted_note = "经审查，不符合立案条件。"
                elif state not in (State.DRAFT, State.SUBMITTED, State.ACCEPTED):
                    s.difficult = r.random() < 0.05
                    s.assigned_on = min(today, day + dt.timedelta(days=r.randint(3, 9)))
                    rule = "suggestion.reply_difficult" if s.difficult else "suggestion.reply"
                    s.due_date = self._due("suggestion.reply", rule, s.assigned_on)
                    s.lead_unit = r.choice(units)
                    if state in (State.REPLIED, State.REHANDLING, State.CLOSED):
                        s.replied_on = min(today, s.assigned_on + dt.timedelta(days=r.randint(20, 110)))
                        s.replied_on_time = s.replied_on <= s.due_date
                        s.outcome_class = r.choice(self._outcomes)
                    if state == State.CLOSED:
                        s.closed_at = self._at(min(today, s.replied_on + dt.timedelta(days=r.randint(3, 20))))
                rows.append((s, signers, day))
            with _dates_as_given(Suggestion):
                self._bulk(Suggestion, [s for s, _p, _d in rows])
            self._suggestion_children(town, rows, units, staff)

    def _suggestion_children(self, town, rows, units, staff) -> None:
        r = self.rng
        signers, assignments, replies, clocks, feedback_for = [], [], [], [], []
        for s, people, day in rows:
            for pos, person in enumerate(people):
                signers.append(
                    _new(
                        SuggestionSigner,
                        town=town,
                        suggestion=s,
                        person=person,
                        lead=pos == 0,
                        position=pos,
                        confirmed_at=s.created_at if s.state != State.DRAFT else None,
                    )
                )
            if s.state in (State.SUBMITTED, State.ACCEPTED):
                clocks.append(
                    self._clock(
                        town=town,
                        subject=s,
                        ct=self._ct_suggestion,
                        kind="suggestion.assign",
                        rule="suggestion.assign",
                        start=day,
                        person=s.lead_person,
                    )  # fmt: skip
                )
            if s.lead_unit_id is None:
                continue
            assigned = dict(town=town, suggestion=s, assigned_on=s.assigned_on, assigned_by=staff)
            signed_at = self._at(s.assigned_on + dt.timedelta(days=1))
            assignments.append(
                _new(
                    SuggestionAssignment,
                    unit=s.lead_unit,
                    role=UnitRole.LEAD,
                    signed_at=signed_at,
                    **assigned,
                )
            )
            if r.random() < 0.3:
                co = r.choice([u for u in units if u.pk != s.lead_unit_id])
                assignments.append(
                    _new(SuggestionAssignment, unit=co, role=UnitRole.CO, signed_at=signed_at, **assigned)
                )
            if s.state in (State.ASSIGNED, State.REHANDLING):
                rule = "suggestion.reply_difficult" if s.difficult else "suggestion.reply"
                start = s.assigned_on
                if s.state == State.REHANDLING:
                    rule, start = "suggestion.second_reply", s.replied_on
                clocks.append(
                    self._clock(
                        town=town,
                        subject=s,
                        ct=self._ct_suggestion,
                        kind="suggestion.reply",
                        rule=rule,
                        start=start,
                        unit=s.lead_unit,
                    )  # fmt: skip
                )
            if s.replied_on:
                reply = _new(
                    SuggestionReply,
                    town=town,
                    suggestion=s,
                    round=1,
                    unit=s.lead_unit,
                    outcome_class=s.outcome_class,
                    text="经研究，已列入工作计划并组织实施，具体情况如下……",
                    replied_on=s.replied_on,
                    due_date=s.due_date,
                    on_time=bool(s.replied_on_time),
                    replied_by=staff,
                )
                replies.append(reply)
                if s.state in (State.CLOSED, State.REHANDLING):
                    feedback_for.append((s, reply))
        self._bulk(SuggestionSigner, signers)
        self._bulk(SuggestionAssignment, assignments)
        self._bulk(SuggestionReply, replies)
        feedbacks = []
        for s, reply in feedback_for:
            if s.state == State.REHANDLING:
                work = result = Score.UNSATISFIED
            else:
                work = r.choice((Score.SATISFIED,) * 8 + (Score.BASICALLY,) * 2)
                result = r.choice((Score.SATISFIED,) * 7 + (Score.BASICALLY,) * 3)
            feedbacks.append(
                _new(
                    SuggestionFeedback,
                    town=town,
                    suggestion=s,
                    reply=reply,
                    person=s.lead_person,
                    work_score=work,
                    result_score=result,
                    given_by=staff,
                )  # fmt: skip
            )
        self._bulk(SuggestionFeedback, feedbacks)
        self._bulk(Clock, clocks)

    # ------------------------------------------------------------------------------------ appeals

    def _appeal_state(self, age: int) -> str:
        x = self.rng.random()
        if age > 45:
            table = [(0.02, AppealState.ASSIGNED), (0.06, AppealState.REPLIED), (0.065, AppealState.REOPENED),
                     (1.0, AppealState.CLOSED)]  # fmt: skip
        elif age > 10:
            table = [(0.05, AppealState.SUBMITTED), (0.35, AppealState.ASSIGNED), (0.75, AppealState.REPLIED),
                     (1.0, AppealState.CLOSED)]  # fmt: skip
        else:
            table = [(0.3, AppealState.SUBMITTED), (0.85, AppealState.ASSIGNED), (1.0, AppealState.REPLIED)]
        return next(state for limit, state in table if x < limit)

    def _appeals(self, town, n, units, villages, post, staff) -> None:
        r, today = self.rng, self.today
        span = 365 * YEARS
        days = sorted(today - dt.timedelta(days=r.randrange(span)) for _i in range(n))
        open_states = {AppealState.SUBMITTED, AppealState.ASSIGNED, AppealState.REOPENED}
        for chunk_start in range(0, n, BATCH):
            appeals = []
            for day in days[chunk_start : chunk_start + BATCH]:
                state = self._appeal_state((today - day).days)
                problem, category = r.choice(PROBLEMS)
                village = r.choice(villages) if villages else None
                source = r.choice((AppealSource.ONLINE, AppealSource.LIAISON_POST))
                created = self._at(day)
                a = _new(
                    Appeal,
                    town=town,
                    tracking_code=self._tracking_code(),
                    source=source,
                    liaison_post=post if source == AppealSource.LIAISON_POST else None,
                    received_on=day,
                    category=category if category in self._categories else "other",
                    village=village,
                    content=f"{village.name if village else town.name}{problem}，希望尽快解决。",
                    citizen_name=self._name(),
                    citizen_phone=self._mobile(),
                    state=state,
                    due_date=self._due("appeal.reply", "appeal.reply", day),
                    created_at=created,
                    updated_at=created,
                )
                if state != AppealState.SUBMITTED:
                    a.handler = staff
                    a.unit = r.choice(units)
                    a.assigned_at = self._at(min(today, day + dt.timedelta(days=r.randint(0, 3))))
                if state in (AppealState.REPLIED, AppealState.CLOSED, AppealState.REOPENED):
                    a.replied_on = min(today, day + dt.timedelta(days=r.randint(3, 35)))
                    a.reply_method = r.choice(ReplyMethod.values)
                    a.replied_by = staff.display_name[:50]
                    a.reply_text = "已转相关部门现场核实处理，并电话告知群众处理结果。"
                    a.replied_on_time = a.replied_on <= a.due_date
                if state == AppealState.CLOSED:
                    a.satisfaction = r.choice((Satisfaction.SATISFIED,) * 7 + (Satisfaction.BASIC,) * 2
                                              + (Satisfaction.UNSATISFIED,))  # fmt: skip
                    a.satisfaction_via = r.choice(FeedbackVia.values)
                if state == AppealState.REOPENED:
                    a.reviews = 1
                appeals.append(a)
            with _dates_as_given(Appeal):
                self._bulk(Appeal, appeals)
            clocks = [
                self._clock(
                    town=town,
                    subject=a,
                    ct=self._ct_appeal,
                    kind="appeal.reply",
                    rule="appeal.reply",
                    start=a.received_on,
                    handler=a.handler,
                    unit=a.unit,
                )  # fmt: skip
                for a in appeals
                if a.state in open_states
            ]
            self._bulk(Clock, clocks)

    # -------------------------------------------------------------------------------------- whole

    def prepare(self) -> list[Town]:
        """The geography and the district offices' accounts: once, before the towns (in any number of parts)."""
        towns = self.geography()
        started = time.perf_counter()
        for district in {t.district_id: t.district for t in towns}.values():
            user = User(username=f"district-{district.code}", display_name=f"{district.name}人大常委会",
                        password=self.password)  # fmt: skip
            user.save()
            RoleGrant.objects.create(user=user, role=Role.DISTRICT_STAFF, district=district)
            self.report.rows["core.user"] += 1
        self._timed("registry", started)
        return sorted(towns, key=lambda t: t.code)

    def prepared_towns(self) -> list[Town]:
        codes = county_codes(self.scale.code)
        return list(Town.objects.filter(district__code__in=codes).select_related("district").order_by("code"))

    def run(self, *, part: int = 0, parts: int = 1, prepared: bool = False) -> Report:
        """Seed the towns; with parts > 1 this process takes every parts-th town starting at `part`."""
        started_all = time.perf_counter()
        towns = self.prepared_towns() if prepared else self.prepare()
        congress_towns = [t for t in towns if t.kind == TownKind.TOWN]
        n_sugg = self.scale.suggestions or round(SUGGESTIONS_PER_TOWN * len(congress_towns))
        n_app = self.scale.appeals or round(APPEALS_PER_UNIT * len(towns))
        sugg_share = self._shares(
            n_sugg, len(congress_towns)
        )  # the same in every part: same seed, same draws
        app_share = self._shares(n_app, len(towns))
        if parts > 1:
            self.rng = random.Random(f"{self.seed}-{part}")
        self.part = part
        k = done = 0
        mine = len(range(part, len(towns), parts))
        for i, town in enumerate(towns):
            n_s = 0
            if town.kind == TownKind.TOWN:
                n_s, k = sugg_share[k], k + 1
            if i % parts != part:
                continue
            self.town(town, n_s, app_share[i])
            done += 1
            if done % 25 == 0 or done == mine:
                self.log(
                    f"  {'' if parts == 1 else f'[{part + 1}/{parts}] '}{done}/{mine} units, "
                    f"{self.report.total_rows:,} rows, {time.perf_counter() - started_all:.0f} s"
                )
        return self.report

    def _shares(self, total: int, parts: int) -> list[int]:
        """`total` split over `parts` with some spread (a big town has more), summing exactly to total."""
        if parts == 0:
            return []
        weights = [self.rng.uniform(0.6, 1.4) for _i in range(parts)]
        s = sum(weights)
        shares = [int(total * w / s) for w in weights]
        for i in range(total - sum(shares)):
            shares[i % parts] += 1
        return shares


def seed(*, scale: str, seed: int = 1, jobs: int = 1, log=print) -> Report:
    """Seed a scale; with jobs > 1 (PostgreSQL) the towns are shared among that many processes
    (`renda seed --part k --parts jobs`), each inserting its own towns, after the geography is loaded here."""
    gen = Generator(scale=scale, seed=seed, log=log)
    if jobs <= 1:
        report = gen.run()
    else:
        towns = gen.prepare()
        log(f"seeding {len(towns)} units in {jobs} processes")
        connection.close()
        argv = [
            sys.executable,
            "-m",
            "renda",
            "seed",
            "--scale",
            scale,
            "--seed",
            str(seed),
            "--parts",
            str(jobs),
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # progress lines as they are written
        children = [
            subprocess.Popen([*argv, "--part", str(k)], stdout=subprocess.PIPE, text=True, env=env)
            for k in range(jobs)
        ]
        report = gen.report
        parts: list[dict] = []

        def pump(child):  # the parts' progress lines as they come; their reports at the end
            for line in child.stdout:
                if line.startswith(PART_REPORT):
                    parts.append(json.loads(line[len(PART_REPORT) :]))
                else:
                    log(line.rstrip("\n"))

        pumps = [threading.Thread(target=pump, args=(c,)) for c in children]
        for t in pumps:
            t.start()
        for t in pumps:
            t.join()
        failed = any(c.wait() != 0 for c in children)
        for part in parts:
            report.rows.update(part["rows"])
            for step, secs in part["seconds"].items():  # wall time: the parts ran side by side
                report.seconds[step] = max(report.seconds.get(step, 0.0), secs)
        if failed:
            raise RuntimeError("a seeding process failed")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The planner's statistics for the tables just filled, and the GIN search index's pending list
            # merged (until then the planner judges the index too dear and scans the table).
            # VACUUM cannot run inside a transaction (a test wraps the seed in one): ANALYZE there.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return report


PART_REPORT = "PART-REPORT "


def seed_part(*, scale: str, seed: int, part: int, parts: int, log=print) -> None:
    """One of the processes of seed(jobs=…): its towns, then its report as one JSON line for the parent."""
    report = Generator(scale=scale, seed=seed, log=log).run(part=part, parts=parts, prepared=True)
    log(PART_REPORT + json.dumps({"rows": dict(report.rows), "seconds": report.seconds}))
