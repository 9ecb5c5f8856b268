"""Test helpers: a second deputy and a second unit in a town, a clock at a given day."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from factories import make_id_number, make_phone, make_user
from renda.core.actors import SYSTEM
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
            actor=SYSTEM,
        )
        user = make_user(f"dep2_{tw.town.pk}_{p.pk}", Role.DEPUTY, person=p)
    return p, user


def second_unit(tw, name: str = "城建办"):
    with scopes_disabled():  # test set-up
        unit = reg.handling_unit_create(
            town=tw.town, data={"name": f"{tw.town.name}{name}", "kind": UnitKind.TOWN_OFFICE}, actor=SYSTEM
        )
        user = make_user(f"clerk2_{tw.town.pk}_{unit.pk}", Role.UNIT_CLERK, unit=unit)
    return unit, user


def make_suggestion(
    tw, title="关于修缮村道的建议", content="一村村道破损，建议修缮。", signers=None, on_day=None
):
    from renda.suggestions import services

    with scopes_disabled():  # test set-up
        return services.suggestion_create(
            town=tw.town,
            data={"title": title, "content": content, "channel": "recess"},
            signers=signers or [tw.objects["registry.person"]],
            actor=tw.users["town_staff"],
            on=on_day,
        )


def drive(tw, s, to: str, outcome: str = "A", planned=None):
    """Take a suggestion through the services to a state: accepted, assigned, replied, closed."""
    from renda.suggestions import services

    staff, clerk, unit = tw.users["town_staff"], tw.users["unit_clerk"], tw.objects["registry.handlingunit"]
    with scopes_disabled():  # test set-up
        services.suggestion_review(suggestion=s, accept=True, actor=staff)
        if to == "accepted":
            return s
        services.suggestion_assign(suggestion=s, lead_unit=unit, actor=staff)
        if to == "assigned":
            return s
        services.suggestion_contact_record(
            suggestion=s, unit=unit, date=timezone.localdate(), way="phone", summary="电话沟通", actor=clerk
        )
        services.suggestion_reply(
            suggestion=s,
            unit=unit,
            outcome_class=outcome,
            text="已办理",
            letter=pdf(),
            planned_date=planned,
            actor=clerk,
        )
        if to == "replied":
            return s
        for signer in s.signers.all():
            services.suggestion_feedback(
                suggestion=s,
                person=signer.person,
                work_score="satisfied",
                result_score="satisfied",
                actor=staff,
            )
        s.refresh_from_db()
        return s
