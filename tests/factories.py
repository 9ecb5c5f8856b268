"""Factories and the test world: district X with towns A and B (and a subdistrict), district Y with town C.

`build_world()` gives every town one record of every registry model, and accounts for every role.
Later modules add their records in `WORLD_BUILDERS` so the isolation test covers them unedited.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from renda.core import services as core_services
from renda.core.actors import SYSTEM
from renda.core.enums import Role, TownKind
from renda.core.models import District, Town, User
from renda.registry import services as reg
from renda.registry.enums import Level, LiaisonPostKind, PresidiumPost, UnitKind
from renda.registry.validators import id_check_digit

PASSWORD = "pass-word-123"
_seq = itertools.count(1)


def make_id_number(n: int | None = None, birth: str = "19700101") -> str:
    n = next(_seq) if n is None else n
    first17 = f"320509{birth}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def make_phone(n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    return f"138{n:08d}"[:11]


def make_district(code: str = "320509", name: str = "吴江区") -> District:
    return District.objects.create(code=code, name=name, city_name="苏州市", province_name="江苏省")


def make_town(
    district: District, code: str, name: str, kind: str = TownKind.TOWN, population: int = 60000
) -> Town:
    return Town.objects.create(district=district, code=code, name=name, kind=kind, population=population)


def make_user(username: str, role: str | None = None, **grant) -> User:
    user = core_services.user_create(
        username=username, password=PASSWORD, display_name=username, actor=SYSTEM
    )
    if role:
        core_services.role_grant_create(user=user, role=role, actor=SYSTEM, **grant)
    return user


@dataclass
class TownWorld:
    town: Town
    objects: dict[str, object] = field(default_factory=dict)  # "app.model" -> one record of that town
    users: dict[str, User] = field(default_factory=dict)


@dataclass
class World:
    x: District
    y: District
    a: TownWorld
    b: TownWorld
    c: TownWorld
    district_x_staff: User
    district_y_staff: User

    def towns(self) -> list[TownWorld]:
        return [self.a, self.b, self.c]


def build_registry(tw: TownWorld) -> None:
    town = tw.town
    o = tw.objects
    tag = town.code[-3:]
    village = reg.village_create(
        town=town, data={"code": town.code[:9] + "201", "name": f"{town.name}一村"}, actor=SYSTEM
    )
    term = reg.term_create(town=town, data={"number": 19, "start_date": dt.date(2022, 1, 1)}, actor=SYSTEM)
    ed = reg.electoral_district_create(
        town=town,
        data={"term": term, "number": 1, "name": "第一选区", "seats": 2, "villages": [village]},
        actor=SYSTEM,
    )
    person = reg.person_create(
        town=town,
        data={
            "name": f"张{town.name[:2]}",
            "id_number": make_id_number(),
            "phone": make_phone(),
            "village": village,
            "expertise": "农业、水利",
        },
        actor=SYSTEM,
    )
    mandate = reg.mandate_create(
        town=town,
        data={
            "person": person,
            "level": Level.TOWN,
            "electoral_district": ed,
            "start_date": dt.date(2022, 1, 1),
        },
        actor=SYSTEM,
    )
    presidium = reg.presidium_create(town=town, data={"term": term}, actor=SYSTEM)
    member = reg.presidium_member_create(
        town=town,
        data={
            "presidium": presidium,
            "person": person,
            "post": PresidiumPost.CHAIR,
            "full_time": True,
            "start_date": dt.date(2022, 1, 1),
        },
        actor=SYSTEM,
    )
    group = reg.deputy_group_create(
        town=town,
        data={"name": f"{town.name}第一代表小组", "leader": person, "members": [person]},
        actor=SYSTEM,
    )
    post = reg.liaison_post_create(
        town=town,
        data={
            "kind": LiaisonPostKind.HOME,
            "name": f"{town.name}代表之家",
            "village": village,
            "electoral_districts": [ed],
            "opening_hours": "每月1日、11日、21日 9:00-11:00",
        },
        actor=SYSTEM,
    )
    unit = reg.handling_unit_create(
        town=town, data={"name": f"{town.name}派出所", "kind": UnitKind.STATION}, actor=SYSTEM
    )
    o |= {
        "registry.village": village,
        "registry.term": term,
        "registry.electoraldistrict": ed,
        "registry.person": person,
        "registry.mandate": mandate,
        "registry.presidium": presidium,
        "registry.presidiummember": member,
        "registry.deputygroup": group,
        "registry.liaisonpost": post,
        "registry.handlingunit": unit,
        "core.town": town,
    }
    tw.users = {
        "town_staff": make_user(f"staff_{tag}_{town.pk}", Role.TOWN_STAFF, town=town),
        "deputy": make_user(f"deputy_{tag}_{town.pk}", Role.DEPUTY, person=person),
        "presidium": make_user(f"presidium_{tag}_{town.pk}", Role.PRESIDIUM, person=person),
        "unit_clerk": make_user(f"clerk_{tag}_{town.pk}", Role.UNIT_CLERK, unit=unit),
        "petitions": make_user(f"petitions_{tag}_{town.pk}", Role.PETITIONS, town=town),
        "discipline": make_user(f"discipline_{tag}_{town.pk}", Role.DISCIPLINE, town=town),
    }


# Each later module has tests/<app>/world.py with `build(tw: TownWorld)` adding its records to tw.objects
# (one record of every model its pages and API address by pk). They run in this order, after the registry.
MODULE_WORLDS = [
    "core",
    "congress",
    "suggestions",
    "receptions",
    "oversight",
    "campaigns",
    "performance",
    "practices",
    "portal",
    "reports",
]


def _module_builders() -> list[Callable[[TownWorld], None]]:
    builders = []
    for app in MODULE_WORLDS:
        try:
            module = importlib.import_module(f"{app}.world")
        except ModuleNotFoundError as exc:
            if exc.name not in (app, f"{app}.world"):
                raise
            continue
        builders.append(module.build)
    return builders


WORLD_BUILDERS: list[Callable[[TownWorld], None]] = [build_registry, *_module_builders()]


def build_town_world(town: Town) -> TownWorld:
    tw = TownWorld(town=town)
    for builder in WORLD_BUILDERS:
        builder(tw)
    return tw


def build_world() -> World:
    x = make_district("320509", "吴江区")
    y = make_district("320506", "吴中区")
    a = build_town_world(make_town(x, "320509104000", "平望镇"))
    b = build_town_world(make_town(x, "320509105000", "盛泽镇"))
    c = build_town_world(make_town(y, "320506101000", "甪直镇"))
    return World(
        x=x,
        y=y,
        a=a,
        b=b,
        c=c,
        district_x_staff=make_user("district_x", Role.DISTRICT_STAFF, district=x),
        district_y_staff=make_user("district_y", Role.DISTRICT_STAFF, district=y),
    )
