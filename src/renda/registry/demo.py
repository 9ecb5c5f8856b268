"""The demo district: fictional people on the real geography of 吴江区 (320509).

`build_demo(seed=..., towns=[...])` loads the official divisions, then builds each township-level unit
through the registry services (so every record has its audit row), one transaction per unit. It is
deterministic for a seed (each unit draws from its own `random.Random` and seeded Faker, so a unit's data
is the same whether built alone or with the others) and idempotent: a unit whose staff account exists is
skipped. A few real gaps are left on purpose so the coverage checks have something to show.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from faker import Faker

from renda.core import services as core_services
from renda.core.actors import SYSTEM
from renda.core.enums import Role, TownKind
from renda.core.models import District, Town, User

from . import services as reg
from .divisions import division_code_parse, division_data_read, division_load, town_kind_for
from .enums import Gender, Level, LiaisonPostKind, MandateStatus, PresidiumPost, Sector, UnitKind
from .models import ElectoralDistrict, Person, Term, Village, chinese_number
from .validators import id_check_digit

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


# --- one unit's builder --------------------------------------------------------------------------


class UnitBuilder:
    """Builds one town or subdistrict; all randomness comes from this unit's own generators."""

    def __init__(self, town: Town, *, seed: int, today: dt.date, gaps: set[str], result: DemoResult):
        self.town = town
        self.rng = random.Random(f"{seed}:{town.code}")
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(f"{seed}:{town.code}")
        self.today = today
        self.gaps = gaps  # which of the deliberate gaps this unit carries
        self.result = result
        self.number, self.term_start, self.term_end = current_term_dates(today)
        self.id_seq = 0
        self.villages = list(Village.objects.filter(town=town, active=True).order_by("code"))
        self.short = short_name(town)

    # people ------------------------------------------------------------------------------------

    def person(self, *, village: Village | None, sector: str | None = None, workplace: str = "") -> Person:
        rng, fake = self.rng, self.fake
        male = rng.random() < 0.68
        name = fake.name_male() if male else fake.name_female()
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 35 * 365))
        self.id_seq += 1
        seq = (self.id_seq * 2 + (1 if male else 0)) % 1000
        first17 = f"{rng.choice(['320584', '320509', '320525'])}{birth:%Y%m%d}{seq:03d}"
        sector = sector or rng.choice(SECTORS)
        if not workplace:
            if sector == Sector.VILLAGE_CADRE and village is not None:
                workplace = f"{village.name}{rng.choice(['党委书记', '主任', '副主任', '委员'])}"
            elif sector in (Sector.ENTERPRISE, Sector.WORKER):
                workplace = f"苏州{fake.company()}" + ("董事长" if sector == Sector.ENTERPRISE else "职工")
            elif sector == Sector.FARMER and village is not None:
                workplace = f"{village.name}村民"
            elif sector == Sector.OFFICIAL:
                workplace = f"{self.town.name}{rng.choice(TOWN_OFFICES)}干部"
            else:
                workplace = rng.choice(
                    ["中心小学教师", "卫生院医师", "律师事务所律师", "农业技术推广站农艺师"]
                )
        return reg.person_create(
            town=self.town,
            data={
                "name": name,
                "gender": Gender.MALE if male else Gender.FEMALE,
                "birth_date": birth,
                "ethnicity": "汉族" if rng.random() < 0.97 else rng.choice(["回族", "满族", "壮族"]),
                "party": rng.choice(PARTIES),
                "id_number": first17 + id_check_digit(first17),
                "phone": rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
                "sector": sector,
                "workplace": workplace,
                "expertise": "、".join(rng.sample(EXPERTISE, rng.randint(1, 2))),
                "village": village,
            },
            actor=SYSTEM,
        )

    def upper_mandate(self, person: Person, level: str) -> None:
        reg.mandate_create(
            town=self.town,
            data={
                "person": person,
                "level": level,
                "term_label": DISTRICT_TERM_LABEL if level == Level.DISTRICT else CITY_TERM_LABEL,
                "start_date": self.term_start,
            },
            actor=SYSTEM,
        )

    # a town with its congress -------------------------------------------------------------------

    def build_town(self) -> dict:
        rng, town = self.rng, self.town
        term = reg.term_create(
            town=town,
            data={"number": self.number, "start_date": self.term_start, "end_date": self.term_end},
            actor=SYSTEM,
        )
        covered = list(self.villages)
        if "uncovered" in self.gaps:  # two villages that no electoral district covers
            for v in rng.sample([v for v in covered if v.division_town_id == town.pk], 2):
                covered.remove(v)
                self.result.gaps.append(f"{town.name}：{v.name} 未划入选区")
        # Electoral districts: consecutive villages, 1-3 seats each, 45-90 seats in all.
        n = len(covered)
        k = n if n <= 30 else rng.randint(max(15, n // 2), n)
        cuts = sorted(rng.sample(range(1, n), k - 1)) if k > 1 else []
        groups = [covered[a:b] for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
        base = settings.RENDA["CONGRESS_BASE_SEATS"]
        hi = min(2 * base, 3 * k)
        total = rng.randint(min(max(base + ("vacancy" in self.gaps), k), hi), hi)  # 45-90 seats
        # A resident population that allows these seats (45 + one per 1,500 residents): 5-40 seats of room.
        per_seat = settings.RENDA["CONGRESS_RESIDENTS_PER_EXTRA_SEAT"]
        population = max(total - base + rng.randint(5, 40), 0) * per_seat + rng.randint(0, per_seat - 1)
        core_services.town_update(town=town, data={"population": population}, actor=SYSTEM)
        seats = [1] * k
        while sum(seats) < total:
            i = rng.randrange(k)
            if seats[i] < 3:
                seats[i] += 1
        eds = []
        for i, (vs, s) in enumerate(zip(groups, seats, strict=True), start=1):
            name = "、".join(v.name for v in vs)
            eds.append(
                reg.electoral_district_create(
                    town=town,
                    data={"term": term, "number": i, "name": name[:100], "seats": s, "villages": vs},
                    actor=SYSTEM,
                )
            )
        # Deputies: one per seat, a vacancy where wanted, a few ended mandates for history.
        vacant = None
        if "vacancy" in self.gaps:  # a seat left vacant in a multi-seat district (its villages keep deputies)
            i = next(
                i for i, ed in enumerate(eds) if ed.seats >= 2 and not any(v.attached for v in groups[i])
            )
            vacant = (i, eds[i].seats)
        history = set(rng.sample(range(len(eds)), 3))
        deputies: list[tuple[Person, ElectoralDistrict]] = []
        for i, (ed, vs) in enumerate(zip(eds, groups, strict=True)):
            for seat_no in range(1, ed.seats + 1):
                if vacant == (i, seat_no):
                    self.result.gaps.append(f"{town.name}：{ed} 缺额 1 名")
                    continue
                start = self.term_start
                if i in history and seat_no == 1:
                    old = self.person(village=rng.choice(vs))
                    m = reg.mandate_create(
                        town=town,
                        data={
                            "person": old,
                            "level": Level.TOWN,
                            "electoral_district": ed,
                            "start_date": start,
                        },
                        actor=SYSTEM,
                    )
                    status = rng.choice(
                        [MandateStatus.RESIGNED, MandateStatus.RESIGNED, MandateStatus.RECALLED]
                    )
                    end = start + dt.timedelta(days=rng.randint(300, 900))
                    reason = (
                        "工作调动，本人辞去代表职务"
                        if status == MandateStatus.RESIGNED
                        else "经选民联名提议依法罢免"
                    )
                    reg.mandate_end(mandate=m, status=status, end_date=end, reason=reason, actor=SYSTEM)
                    start = end + dt.timedelta(days=rng.randint(60, 120))  # 补选
                p = self.person(village=rng.choice(vs))
                reg.mandate_create(
                    town=town,
                    data={"person": p, "level": Level.TOWN, "electoral_district": ed, "start_date": start},
                    actor=SYSTEM,
                )
                deputies.append((p, ed))
        self.result.deputies += len(deputies)
        # District and city deputies elected here: some are town deputies too, some only district/city.
        people = [p for p, _ed in deputies]
        dual = rng.sample(people, rng.randint(3, 5))
        upper_district = dual + [
            self.person(village=rng.choice(self.villages)) for _ in range(rng.randint(2, 3))
        ]
        for p in upper_district:
            self.upper_mandate(p, Level.DISTRICT)
        upper_city = [self.person(village=rng.choice(self.villages), sector=Sector.ENTERPRISE)]
        if rng.random() < 0.5:
            upper_city.append(rng.choice(dual))
        for p in upper_city:
            self.upper_mandate(p, Level.CITY)
        # Presidium: chair, 1-2 vice-chairs (none where the gap wants it), secretary, members.
        presidium = reg.presidium_create(
            town=town, data={"term": term, "chair_attends_party_committee": rng.random() < 0.85}, actor=SYSTEM
        )
        pool = [p for p in people if p not in upper_city]
        rng.shuffle(pool)
        vice = 0 if "no_vice_chair" in self.gaps else rng.randint(1, 2)
        if not vice:
            self.result.gaps.append(f"{town.name}：主席团未配备副主席")
        posts = [PresidiumPost.CHAIR] + [PresidiumPost.VICE_CHAIR] * vice + [PresidiumPost.SECRETARY]
        posts += [PresidiumPost.MEMBER] * rng.randint(4, 7)
        members = {}
        for post, p in zip(posts, pool, strict=False):
            reg.presidium_member_create(
                town=town,
                data={
                    "presidium": presidium,
                    "person": p,
                    "post": post,
                    "full_time": post in (PresidiumPost.CHAIR, PresidiumPost.SECRETARY)
                    or (post == PresidiumPost.VICE_CHAIR and rng.random() < 0.5),
                    "holds_government_post": post == PresidiumPost.MEMBER and rng.random() < 0.3,
                    "start_date": self.term_start,
                },
                actor=SYSTEM,
            )
            members.setdefault(post, p)
        # Deputy groups by area: town deputies of a run of electoral districts plus the upper deputies there.
        upper = upper_district + [p for p in upper_city if p not in upper_district]
        chunks = self._chunks(list(range(len(eds))), rng.randint(3, 5))
        groups_made = []
        for gi, idx in enumerate(chunks, start=1):
            area_eds = {eds[i].pk for i in idx}
            town_members = [p for p, ed in deputies if ed.pk in area_eds]
            chosen = rng.sample(town_members, min(len(town_members), rng.randint(4, 7)))
            chosen += [p for p in upper if p.village_id in {v.pk for i in idx for v in groups[i]}][:3]
            if "small_group" in self.gaps and gi == len(chunks):
                chosen = chosen[:2]
                self.result.gaps.append(f"{town.name}：第{chinese_number(gi)}代表小组只有 2 名代表")
            chosen = list(dict.fromkeys(chosen))
            area_villages = [v for i in idx for v in groups[i]]
            groups_made.append(
                reg.deputy_group_create(
                    town=town,
                    data={
                        "name": f"{town.name}第{chinese_number(gi)}代表小组（{area_villages[0].name}片）",
                        "leader": chosen[0],
                        "summariser": chosen[-1],
                        "members": chosen,
                        "villages": area_villages,
                    },
                    actor=SYSTEM,
                )
            )
        # Liaison posts: the town's 代表之家, a workstation per area, a studio; one district left unserved.
        unserved = {len(eds) - 1} if "unserved" in self.gaps else set()
        if unserved:
            self.result.gaps.append(f"{town.name}：{eds[-1]} 没有联络站点")
        communities = [v for v in self.villages if v.kind == "community"] or self.villages
        self._post(LiaisonPostKind.HOME, f"{town.name}人大代表之家", communities[0],
                   [ed for i, ed in enumerate(eds[:3]) if i not in unserved])  # fmt: skip
        for gi, idx in enumerate(chunks, start=1):
            served = [eds[i] for i in idx if i not in unserved]
            self._post(LiaisonPostKind.WORKSTATION, f"{town.name}第{chinese_number(gi)}代表工作站",
                       groups[idx[0]][0], served)  # fmt: skip
        chair = members.get(PresidiumPost.CHAIR)
        self._post(LiaisonPostKind.STUDIO, f"{chair.name}代表工作室", chair.village, [])
        if rng.random() < 0.5:
            self._post(LiaisonPostKind.SERVICE_CENTRE, f"{town.name}代表服务中心", communities[-1], [])
        units = self._units()
        # Accounts.
        s = slug_for(town)
        self._account(f"{s}_staff", Role.TOWN_STAFF, f"{town.name}人大办", town=town)
        self._account(f"{s}_presidium", Role.PRESIDIUM, chair.name, person=chair)
        deputy = (
            next(p for p in dual if p not in members.values())
            if any(p not in members.values() for p in dual)
            else dual[0]
        )
        self._account(f"{s}_deputy", Role.DEPUTY, deputy.name, person=deputy)
        # A second deputy (not on the presidium), so co-signing a suggestion can be tried with two accounts.
        deputy2 = next(p for p in people if p not in members.values() and p != deputy)
        self._account(f"{s}_deputy2", Role.DEPUTY, deputy2.name, person=deputy2)
        self._account(
            f"{s}_clerk", Role.UNIT_CLERK, f"{units[CLERK_UNIT].name}经办人", unit=units[CLERK_UNIT]
        )
        self._office_accounts(units)
        return {"deputies": len(deputies), "groups": len(groups_made)}

    # a subdistrict: no congress; district and city deputies, groups and liaison posts ------------

    def build_subdistrict(self, *, with_deputy_account: bool) -> dict:
        rng, town = self.rng, self.town
        district_deputies = [
            self.person(village=rng.choice(self.villages)) for _ in range(rng.randint(6, 10))
        ]
        for p in district_deputies:
            self.upper_mandate(p, Level.DISTRICT)
        city = [self.person(village=rng.choice(self.villages), sector=Sector.ENTERPRISE)]
        self.upper_mandate(city[0], Level.CITY)
        people = district_deputies + city
        half = len(people) // 2
        for gi, chosen in enumerate([people[:half], people[half:]], start=1):
            reg.deputy_group_create(
                town=town,
                data={
                    "name": f"{town.name}第{chinese_number(gi)}代表小组",
                    "leader": chosen[0],
                    "summariser": chosen[-1],
                    "members": chosen,
                    "villages": list({p.village_id: p.village for p in chosen}.values()),
                },
                actor=SYSTEM,
            )
        self._post(LiaisonPostKind.HOME, f"{town.name}人大代表之家", self.villages[0], [])
        self._post(LiaisonPostKind.WORKSTATION, f"{self.villages[-1].name}代表工作站", self.villages[-1], [])
        units = self._units()
        s = slug_for(town)
        self._account(f"{s}_staff", Role.TOWN_STAFF, f"{town.name}人大工委", town=town)
        if with_deputy_account:
            self._account(f"{s}_deputy", Role.DEPUTY, district_deputies[0].name, person=district_deputies[0])
        self._office_accounts(units)
        return {"deputies": len(people)}

    # helpers -----------------------------------------------------------------------------------

    def _chunks(self, items: list[int], k: int) -> list[list[int]]:
        k = max(1, min(k, len(items)))
        size = -(-len(items) // k)
        return [items[i : i + size] for i in range(0, len(items), size)]

    def _post(self, kind: str, name: str, village: Village | None, eds: list[ElectoralDistrict]) -> None:
        rng = self.rng
        reg.liaison_post_create(
            town=self.town,
            data={
                "kind": kind,
                "name": name,
                "village": village,
                "address": f"{village.name if village else self.town.name}{rng.choice(['党群服务中心', '综合楼', '便民服务中心'])}"
                f"{rng.randint(1, 3)}楼",
                "opening_hours": rng.choice(
                    ["每月5日、15日、25日 9:00-11:30", "每周三 14:00-17:00", "工作日 8:30-17:00"]
                ),
                "electoral_districts": eds,
            },
            actor=SYSTEM,
        )

    def _office_accounts(self, units: dict) -> None:
        """The petitions office, the discipline inspection and a clerk for every other handling unit."""
        s, town = slug_for(self.town), self.town
        self._account(f"{s}_petitions", Role.PETITIONS, f"{self.short}信访办", town=town)
        self._account(f"{s}_discipline", Role.DISCIPLINE, f"{self.short}纪委", town=town)
        by_name = {u.name: u for u in units.values()}
        for username, name in unit_clerk_accounts(town):
            self._account(username, Role.UNIT_CLERK, f"{name}经办人", unit=by_name[name])

    def _units(self) -> dict:
        rng = self.rng
        units = {}
        for name, kind, key in unit_names(self.town):
            units[key] = reg.handling_unit_create(
                town=self.town,
                data={
                    "name": name,
                    "kind": kind,
                    "contact_name": self.fake.name(),
                    "contact_phone": rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
                },
                actor=SYSTEM,
            )
        return units

    def _account(self, username: str, role: str, display_name: str, **grant) -> User:
        user = core_services.user_create(
            username=username,
            password=settings.RENDA["DEMO_PASSWORD"],
            password_hash=demo_password_hash(),
            display_name=display_name,
            actor=SYSTEM,
        )
        core_services.role_grant_create(user=user, role=role, actor=SYSTEM, **grant)
        return user


# --- the whole demo ------------------------------------------------------------------------------


def _select(all_units: list[Town], towns: Iterable[str] | None) -> list[Town]:
    if towns is None:
        return all_units
    wanted = set(towns)
    return [
        t
        for t in all_units
        if slug_for(t) in wanted or t.code in wanted or t.code[:9] in wanted or t.name in wanted
    ]


def build_demo(*, seed: int | None = None, towns: Iterable[str] | None = None, log=None) -> DemoResult:
    """Load 吴江区 and build the demo; `towns` (slugs, codes or names) limits it to some units (tests)."""
    started = time.perf_counter()
    seed = settings.RENDA["DEMO_SEED"] if seed is None else seed
    log = log or (lambda _msg: None)
    today = timezone.localdate()
    code = settings.RENDA["DEMO_DISTRICT_CODE"]
    with scopes_disabled():  # a command works across towns
        division_load(code=code, actor=SYSTEM)
        district = District.objects.get(code=code)
        all_units = list(Town.objects.filter(district=district).order_by("code"))
        units = [t for t in _select(all_units, towns) if t.kind in (TownKind.TOWN, TownKind.SUBDISTRICT)]
        result = DemoResult(accounts=demo_accounts(units))
        by_code = {t.code[:9]: t for t in all_units}
        with transaction.atomic():
            if not User.objects.filter(username="district").exists():
                user = core_services.user_create(
                    username="district",
                    password=settings.RENDA["DEMO_PASSWORD"],
                    display_name=f"{district.name}人大常委会",
                    actor=SYSTEM,
                )
                core_services.role_grant_create(
                    user=user, role=Role.DISTRICT_STAFF, district=district, actor=SYSTEM
                )
            # 区镇合一: attach the zones' villages to their town before that town draws its electoral districts.
            for zone_code, town_code in ATTACHMENTS.items():
                target = by_code.get(town_code)
                if target is None or target not in units or zone_code not in by_code:
                    continue
                for v in Village.objects.filter(division_town=by_code[zone_code]).exclude(town=target):
                    if not Term.objects.filter(town=target).exists():  # only while the town is still unbuilt
                        reg.village_attach(village=v, town=target, actor=SYSTEM)
        congress_towns = [t for t in units if t.kind == TownKind.TOWN]
        gap_plan: dict[int, set[str]] = {}
        if congress_towns:
            gap_plan.setdefault(congress_towns[0].pk, set()).update({"uncovered", "unserved", "small_group"})
            gap_plan.setdefault(congress_towns[-1].pk, set()).update({"no_vice_chair", "vacancy"})
        first_subdistrict = next((t for t in units if t.kind == TownKind.SUBDISTRICT), None)
        for town in units:
            if User.objects.filter(username=f"{slug_for(town)}_staff").exists():
                result.skipped.append(town.name)
                continue
            t0 = time.perf_counter()
            with transaction.atomic():
                b = UnitBuilder(
                    town, seed=seed, today=today, gaps=gap_plan.get(town.pk, set()), result=result
                )
                if town.kind == TownKind.TOWN:
                    info = b.build_town()
                else:
                    info = b.build_subdistrict(with_deputy_account=town == first_subdistrict)
            result.built.append(town.name)
            log(f"{town.name}：{info}，{time.perf_counter() - t0:.1f} 秒")
    result.seconds = time.perf_counter() - started
    return result
