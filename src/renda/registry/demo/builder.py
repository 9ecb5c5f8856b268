"""The demo's builder of one township-level unit, through the registry services."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from faker import Faker

from renda.core import services as core_services
from renda.core.actors import SYSTEM
from renda.core.audit import activities_dated
from renda.core.enums import Role
from renda.core.models import Town, User

from .. import services as reg
from ..enums import Gender, Level, LiaisonPostKind, MandateStatus, PresidiumPost, Sector
from ..models import ElectoralDistrict, Person, Village, chinese_number
from ..validators import id_check_digit
from .accounts import (
    CITY_TERM_LABEL,
    CLERK_UNIT,
    DISTRICT_TERM_LABEL,
    EXPERTISE,
    MOBILE_PREFIXES,
    PARTIES,
    SECTORS,
    TOWN_OFFICES,
    DemoResult,
    current_term_dates,
    demo_password_hash,
    short_name,
    slug_for,
    unit_clerk_accounts,
    unit_names,
)

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
        # Free seats: a few seats of multi-seat districts stay unfilled (a 补选 still to come), so the roster
        # template can be tried at town level; the serving deputies still number at least the base.
        n_free = rng.randint(*settings.RENDA["DEMO_FREE_SEATS"])
        low = min(max(base + ("vacancy" in self.gaps) + n_free, k), hi)
        total = rng.randint(low, max(low, hi))  # 45-90 seats
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
        multi = [i for i, ed in enumerate(eds) if ed.seats >= 2 and (vacant is None or i != vacant[0])]
        free = {(i, eds[i].seats) for i in rng.sample(multi, min(n_free, len(multi)))}
        history = set(rng.sample(range(len(eds)), 3))
        deputies: list[tuple[Person, ElectoralDistrict]] = []
        for i, (ed, vs) in enumerate(zip(eds, groups, strict=True)):
            for seat_no in range(1, ed.seats + 1):
                if vacant == (i, seat_no):
                    self.result.gaps.append(f"{town.name}：{ed} 缺额 1 名")
                    continue
                if (i, seat_no) in free:
                    self.result.free_seats += 1
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
                    with activities_dated(end):
                        reg.mandate_end(mandate=m, status=status, end_date=end, reason=reason, actor=SYSTEM)
                    start = end + dt.timedelta(days=rng.randint(60, 120))  # 补选
                with activities_dated(start):
                    p = self.person(village=rng.choice(vs))
                    reg.mandate_create(
                        town=town,
                        data={
                            "person": p,
                            "level": Level.TOWN,
                            "electoral_district": ed,
                            "start_date": start,
                        },
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
