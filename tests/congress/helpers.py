"""Test helpers: more serving deputies in a town, and a session with its roll call."""

from __future__ import annotations

import datetime as dt
import itertools

from factories import make_user
from renda.congress import services as cs
from renda.congress.enums import Presence, SessionKind
from renda.core.actors import SYSTEM
from renda.core.enums import Role
from renda.registry import services as reg
from renda.registry.enums import Level

_n = itertools.count(1)


def add_deputies(tw, n: int, *, with_users: bool = False) -> list:
    """n more serving town deputies (each in a new electoral district of the town's term)."""
    term = tw.objects["registry.term"]
    persons = []
    for _ in range(n):
        k = next(_n)
        ed = reg.electoral_district_create(
            town=tw.town,
            data={"term": term, "number": 200 + k, "name": f"测试选区{k}", "seats": 1},
            actor=SYSTEM,
        )
        p = reg.person_create(town=tw.town, data={"name": f"代表{k:03d}"}, actor=SYSTEM)
        reg.mandate_create(
            town=tw.town,
            data={
                "person": p,
                "level": Level.TOWN,
                "electoral_district": ed,
                "start_date": dt.date(2022, 1, 1),
            },
            actor=SYSTEM,
        )
        if with_users:
            p.user = make_user(f"dep_{tw.town.pk}_{k}", Role.DEPUTY, person=p)
        persons.append(p)
    return persons


def make_session(tw, *, start=dt.date(2025, 3, 10), days=2, kind=SessionKind.REGULAR, deadline=None, **extra):
    return cs.session_create(
        town=tw.town,
        data={
            "term": tw.objects["registry.term"], "kind": kind, "start_date": start,
            "end_date": start + dt.timedelta(days=days - 1), "venue": "镇政府大会堂",
            "motion_deadline": deadline, **extra,
        },
        actor=tw.users["town_staff"],
    )  # fmt: skip


def serving_all(tw) -> list:
    from renda.congress.queries import serving_persons

    return list(serving_persons(term=tw.objects["registry.term"], on=dt.date(2025, 3, 10)))


def roll_call(session, persons, *, present: int, day=None, actor=SYSTEM):
    day = day or session.start_date
    marks = {p.pk: (Presence.PRESENT if i < present else Presence.ABSENT) for i, p in enumerate(persons)}
    return cs.roll_call_record(session=session, day=day, presence=marks, actor=actor)
