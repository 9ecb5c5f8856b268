"""Receptions records for the isolation test's world: one of every model the pages and API address by pk."""

from __future__ import annotations

import datetime as dt

from factories import TownWorld
from renda.receptions import services


def build(tw: TownWorld) -> None:
    staff = tw.users["town_staff"]
    person = tw.objects["registry.person"]
    group = services.reception_group_create(
        town=tw.town,
        data={
            "name": f"{tw.town.name}第一接待组",
            "leader_name": "王书记",
            "leader_title": "党委书记",
            "deputies": [person],
            "village": tw.objects["registry.village"],
            "liaison_post": tw.objects["registry.liaisonpost"],
        },
        actor=staff,
    )
    day = services.reception_day_create(
        town=tw.town, data={"date": dt.date(2099, 1, 11), "group": group}, actor=staff
    )
    appeal = services.appeal_submit(
        town=tw.town,
        data={
            "content": "村口道路破损，雨天积水。",
            "category": "roads",
            "village": tw.objects["registry.village"],
            "citizen_name": "李四",
            "citizen_phone": "13912345678",
        },
        liaison_post=tw.objects["registry.liaisonpost"],
        actor=staff,
    )
    tw.objects |= {
        "receptions.receptiongroup": group,
        "receptions.receptionday": day,
        "receptions.appeal": appeal,
    }
