"""The demo's names, accounts and constants: which towns, which usernames, which units."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password

from renda.core.enums import Role, TownKind
from renda.core.models import District, Town

from ..divisions import division_code_parse, division_data_read, town_kind_for
from ..enums import Sector, UnitKind

# 9-digit township code -> ASCII slug of usernames (pinyin of 吴江区's towns and subdistricts).
TOWN_SLUGS = {
    "320509001": "songling",
    "320509002": "hengshan",
    "320509003": "bache",
    "320509004": "jiangling",
    "320509104": "pingwang",
    "320509105": "shengze",
    "320509107": "qidu",
    "320509108": "zhenze",
    "320509109": "taoyuan",
    "320509110": "lili",
    "320509111": "tongli",
}
# 区镇合一: the development zones' villages/communities belong to a neighbouring town for congress purposes.
ATTACHMENTS = {"320509400": "320509111", "320509401": "320509105"}  # 经开区 → 同里镇, 东方丝绸市场 → 盛泽镇

FIRST_TERM_NUMBER, FIRST_TERM_YEAR = 19, 2022  # 第十九届 began 2022-01-01
DISTRICT_TERM_LABEL = "第十七届"
CITY_TERM_LABEL = "第十七届"

TOWN_OFFICES = ["党政办", "经济发展局", "农业农村局", "社会事业局", "建设管理局"]
STATIONS = ["派出所", "税务所", "自然资源所", "市场监管所", "供电所", "卫生院"]
DISTRICT_DEPTS = ["区住建局", "区交通局", "区水务局", "区生态环境局"]
CLERK_UNIT = "党政办"
PARTIES = ["中共党员"] * 6 + ["群众"] * 3 + ["民盟盟员", "民进会员", "九三学社社员", "无党派人士"]
EXPERTISE = ["农业、水利", "教育", "医疗卫生", "法律", "企业管理", "城乡建设", "生态环境", "丝绸纺织",
             "文化旅游", "社会治理", "财务审计", "交通运输"]  # fmt: skip
SECTORS = [Sector.WORKER, Sector.FARMER, Sector.PROFESSIONAL, Sector.OFFICIAL, Sector.ENTERPRISE,
           Sector.VILLAGE_CADRE, Sector.VILLAGE_CADRE, Sector.OTHER]  # fmt: skip
MOBILE_PREFIXES = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
                   "177", "180", "181", "187", "188", "189"]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    where: str  # the town, subdistrict or handling unit it applies to

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass
class DemoResult:
    accounts: list[DemoAccount]
    built: list[str] = field(default_factory=list)  # names of the units built by this run
    skipped: list[str] = field(default_factory=list)  # already there
    gaps: list[str] = field(default_factory=list)
    seconds: float = 0.0
    deputies: int = 0
    free_seats: int = 0  # seats left unfilled on purpose (the roster template can fill them)


def current_term_dates(today: dt.date) -> tuple[int, dt.date, dt.date]:
    """The town congress term current on `today` (5-year terms from 第十九届, 2022-01-01)."""
    years = settings.RENDA["TERM_YEARS"]
    k = max(0, (today.year - FIRST_TERM_YEAR) // years)
    start = dt.date(FIRST_TERM_YEAR + k * years, 1, 1)
    return FIRST_TERM_NUMBER + k, start, dt.date(start.year + years, 1, 1) - dt.timedelta(days=1)


def slug_for(town: Town) -> str:
    return TOWN_SLUGS.get(town.code[:9], f"t{town.code[6:9]}")


def short_name(town: Town) -> str:
    """平望镇 → 平望, 松陵街道 → 松陵 (how stations are named: 平望派出所)."""
    for suffix in ("街道", "镇", "乡"):
        if town.name.endswith(suffix):
            return town.name[: -len(suffix)]
    return town.name


def unit_names(town: Town) -> list[tuple[str, str, str]]:
    """(name, kind, key) of the handling units the demo makes for a unit, in the order it makes them: a town
    has its offices, every unit the stations and the district departments."""
    offices = TOWN_OFFICES if town.kind == TownKind.TOWN else []
    names = [(f"{town.name}{o}", UnitKind.TOWN_OFFICE, o) for o in offices]
    names += [(f"{short_name(town)}{s}", UnitKind.STATION, s) for s in STATIONS]
    names += [(f"吴江{d}", UnitKind.DISTRICT_DEPT, d) for d in DISTRICT_DEPTS]
    return names


def unit_clerk_accounts(town: Town) -> list[tuple[str, str]]:
    """(username, unit name) of the clerk accounts of the units other than the town's 党政办 (its `_clerk`):
    every handling unit has a clerk, so no reminder to a unit finds no one."""
    s = slug_for(town)
    others = [
        name
        for name, _kind, key in unit_names(town)
        if not (town.kind == TownKind.TOWN and key == CLERK_UNIT)
    ]
    return [(f"{s}_unit{i:02d}", name) for i, name in enumerate(others, start=1)]


def demo_accounts(towns: Iterable[Town]) -> list[DemoAccount]:
    """Every account the demo creates for these units, in the order of the README table."""
    towns = sorted(towns, key=lambda t: t.code)
    rows = [DemoAccount("district", Role.DISTRICT_STAFF, towns[0].district.name if towns else "")]
    first_subdistrict = next((t for t in towns if t.kind == TownKind.SUBDISTRICT), None)
    for t in towns:
        s = slug_for(t)
        if t.kind == TownKind.TOWN:
            rows += [
                DemoAccount(f"{s}_staff", Role.TOWN_STAFF, t.name),
                DemoAccount(f"{s}_presidium", Role.PRESIDIUM, t.name),
                DemoAccount(f"{s}_deputy", Role.DEPUTY, t.name),
                DemoAccount(f"{s}_deputy2", Role.DEPUTY, t.name),
                DemoAccount(f"{s}_clerk", Role.UNIT_CLERK, f"{t.name}{CLERK_UNIT}"),
            ]
        elif t.kind == TownKind.SUBDISTRICT:
            rows.append(DemoAccount(f"{s}_staff", Role.TOWN_STAFF, t.name))
            if t == first_subdistrict:
                rows.append(DemoAccount(f"{s}_deputy", Role.DEPUTY, t.name))
        else:
            continue
        rows += [
            DemoAccount(f"{s}_petitions", Role.PETITIONS, t.name),
            DemoAccount(f"{s}_discipline", Role.DISCIPLINE, t.name),
        ]
        rows += [DemoAccount(username, Role.UNIT_CLERK, unit) for username, unit in unit_clerk_accounts(t)]
    return rows


def accounts_markdown(accounts: list[DemoAccount]) -> str:
    """The README table between the demo-accounts markers; a test checks that README.md holds exactly this
    table for the full demo (regenerate it with `renda demo --accounts-markdown`)."""
    lines = ["| 用户名 username | 角色 role | 镇（街道）或单位 town or unit |", "|---|---|---|"]
    lines += [f"| `{a.username}` | {a.role_label} | {a.where} |" for a in accounts]
    return "\n".join(lines)


def demo_password_hash() -> str:
    """One hash of the shared demo password for every demo account (Argon2 per account would dominate the
    demo's time), made once per password."""
    return _hash_of(settings.RENDA["DEMO_PASSWORD"])


@functools.cache
def _hash_of(password: str) -> str:
    return make_password(password)


def full_demo_towns() -> list[Town]:
    """The demo's towns and subdistricts as the division data lists them (unsaved; no database needed)."""
    data = division_data_read(division_code_parse(settings.RENDA["DEMO_DISTRICT_CODE"]))
    district = District(code=data.district_code, name=data.district_name)
    towns = [
        Town(district=district, code=r.code + "000", name=r.name, kind=town_kind_for(r.name))
        for r in data.towns
    ]
    return [t for t in towns if t.kind in (TownKind.TOWN, TownKind.SUBDISTRICT)]
