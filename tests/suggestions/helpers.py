"""Test helpers: a second deputy and a second unit in a town, a clock at a given day."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from factories import make_id_number, make_phone, make_user
from renda.core.enums import Role
from renda.registry import services as reg
from renda.registry.enums import UnitKind

TZ = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@contextmanager
def on(day: dt.date, hour: int = 10):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False):
        yield


def pdf(name: str = "答复函.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def second_deputy(tw, name: str = "李二"):
    with scopes_disabled():  # test set-up
        p = reg.person_create(
            town=tw.town,
            data={"name": name, "id_number": make_id_number(), "phone": make_phone(), "expertise": "教育"},
            actor=None,
        )
        user = make_user(f"dep2_{tw.town.pk}_{p.pk}", Role.DEPUTY, person=p)
    return p, user


def second_unit(tw, name: str = "城建办"):
    with scopes_disabled():  # test set-up
        unit = reg.handling_unit_create(
            town=tw.town, data={"name": f"{tw.town.name}{name}", "kind": UnitKind.TOWN_OFFICE}, actor=None
        )
        user = make_user(f"clerk2_{tw.town.pk}_{unit.pk}", Role.UNIT_CLERK, unit=unit)
    return unit, user
