"""The seed's constants, scales and the bulk writer of rows (COPY on PostgreSQL, bulk_create elsewhere)."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.base import ModelState

from renda.registry import divisions
from renda.registry.enums import UnitKind

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
