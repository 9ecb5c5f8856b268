"""Every registry service checks its own permission: a user of the wrong role (the town's deputy), another
town's staff and no actor at all (None) are refused, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.models import ActivityLog
from renda.registry import services as reg
from renda.registry.divisions import division_load
from renda.registry.enums import MandateStatus
from renda.registry.roster import roster_export, roster_import, roster_template, roster_validate, roster_write

END = {"end_date": dt.date(2026, 6, 30), "reason": "测试"}


def _calls(tw):
    """(name, call(actor)) for every write service, on town `tw`'s records."""
    o, town = tw.objects, tw.town
    return [
        ("village_create", lambda a: reg.village_create(town=town, data={"code": town.code[:9] + "299", "name": "新村"}, actor=a)),
        ("village_update", lambda a: reg.village_update(village=o["registry.village"], data={"name": "改名村"}, actor=a)),
        ("village_end", lambda a: reg.village_end(village=o["registry.village"], actor=a, **END)),
        ("village_attach", lambda a: reg.village_attach(village=o["registry.village"], town=town, actor=a)),
        ("term_create", lambda a: reg.term_create(town=town, data={"number": 20, "start_date": dt.date(2027, 1, 1)}, actor=a)),
        ("term_update", lambda a: reg.term_update(term=o["registry.term"], data={"number": 18}, actor=a)),
        ("term_end", lambda a: reg.term_end(term=o["registry.term"], actor=a, **END)),
        ("electoral_district_create", lambda a: reg.electoral_district_create(
            town=town, data={"term": o["registry.term"], "number": 9, "name": "九选区", "seats": 1}, actor=a)),
        ("electoral_district_update", lambda a: reg.electoral_district_update(
            electoral_district=o["registry.electoraldistrict"], data={"name": "改名"}, actor=a)),
        ("person_create", lambda a: reg.person_create(town=town, data={"name": "新人"}, actor=a)),
        ("person_update", lambda a: reg.person_update(person=o["registry.person"], data={"name": "改名"}, actor=a)),
        ("person_pii_viewed", lambda a: reg.person_pii_viewed(person=o["registry.person"], actor=a)),
        ("persons_create_many", lambda a: reg.persons_create_many(town=town, rows=[{"name": "甲"}], actor=a)),
        ("mandate_create", lambda a: reg.mandate_create(
            town=town, data={"person": o["registry.person"], "level": "district", "term_label": "第十七届",
                             "start_date": dt.date(2022, 1, 1)}, actor=a)),
        ("mandates_create_many", lambda a: reg.mandates_create_many(
            town=town, rows=[{"person": o["registry.person"], "level": "district", "term_label": "第十七届",
                              "start_date": dt.date(2022, 1, 1)}], actor=a)),
        ("mandate_update", lambda a: reg.mandate_update(mandate=o["registry.mandate"], data={"term_label": "x"}, actor=a)),
        ("mandate_end", lambda a: reg.mandate_end(
            mandate=o["registry.mandate"], status=MandateStatus.RESIGNED, actor=a, **END)),
        ("presidium_create", lambda a: reg.presidium_create(town=town, data={"term": o["registry.term"]}, actor=a)),
        ("presidium_update", lambda a: reg.presidium_update(
            presidium=o["registry.presidium"], data={"chair_attends_party_committee": True}, actor=a)),
        ("presidium_member_create", lambda a: reg.presidium_member_create(
            town=town, data={"presidium": o["registry.presidium"], "person": o["registry.person"], "post": "member",
                             "start_date": dt.date(2022, 1, 1)}, actor=a)),
        ("presidium_member_update", lambda a: reg.presidium_member_update(
            member=o["registry.presidiummember"], data={"full_time": False}, actor=a)),
        ("presidium_member_end", lambda a: reg.presidium_member_end(member=o["registry.presidiummember"], actor=a, **END)),
        ("deputy_group_create", lambda a: reg.deputy_group_create(town=town, data={"name": "新小组"}, actor=a)),
        ("deputy_group_update", lambda a: reg.deputy_group_update(group=o["registry.deputygroup"], data={"name": "改"}, actor=a)),
        ("deputy_group_end", lambda a: reg.deputy_group_end(group=o["registry.deputygroup"], actor=a, **END)),
        ("liaison_post_create", lambda a: reg.liaison_post_create(town=town, data={"name": "站", "kind": "station"}, actor=a)),
        ("liaison_post_update", lambda a: reg.liaison_post_update(post=o["registry.liaisonpost"], data={"name": "改"}, actor=a)),
        ("liaison_post_end", lambda a: reg.liaison_post_end(post=o["registry.liaisonpost"], actor=a, **END)),
        ("handling_unit_create", lambda a: reg.handling_unit_create(town=town, data={"name": "新单位", "kind": "station"}, actor=a)),
        ("handling_unit_update", lambda a: reg.handling_unit_update(unit=o["registry.handlingunit"], data={"name": "改"}, actor=a)),
        ("handling_unit_end", lambda a: reg.handling_unit_end(unit=o["registry.handlingunit"], actor=a, **END)),
        ("roster_import", lambda a: roster_import(
            town=town, kind="handling_units", file=roster_template(kind="handling_units"), actor=a)),
        ("roster_write", lambda a: roster_write(
            result=roster_validate(town=town, kind="handling_units", file=roster_template(kind="handling_units")),
            actor=a)),
        ("roster_export", lambda a: roster_export(town=town, kind="deputies", unmasked=True, actor=a)),
        ("division_load", lambda a: division_load(code=town.district.code, actor=a)),
    ]  # fmt: skip


NAMES = [name for name, _call in _calls(type("TW", (), {"objects": {}, "town": None})())]


def _rows() -> int:
    with scopes_disabled():  # test reads
        return ActivityLog.unscoped.count()


@pytest.mark.parametrize("name", NAMES)
def test_each_service_refuses_a_wrong_role_another_town_and_no_actor(world, name):
    call = dict(_calls(world.a))[name]
    before = _rows()
    with scopes_disabled():  # the services themselves, outside a request
        for actor in (
            world.a.users["deputy"],
            world.a.users["unit_clerk"],
            world.b.users["town_staff"],
            None,
        ):
            with pytest.raises(PermissionDenied):
                call(actor)
    assert _rows() == before


def test_village_attach_and_division_load_are_for_the_district_staff(world):
    """Town staff edit their town's records but neither attach villages nor load divisions."""
    staff = world.a.users["town_staff"]
    calls = dict(_calls(world.a))
    with scopes_disabled():  # the services themselves
        for name in ("village_attach", "division_load"):
            with pytest.raises(PermissionDenied):
                calls[name](staff)
        # The other district's staff load nothing of district X.
        with pytest.raises(PermissionDenied):
            calls["division_load"](world.district_y_staff)


def test_the_town_staff_and_the_system_may(world):
    with scopes_disabled():  # the services themselves
        made = reg.person_create(town=world.a.town, data={"name": "甲"}, actor=world.a.users["town_staff"])
        unit = reg.handling_unit_create(
            town=world.a.town, data={"name": "乙", "kind": "station"}, actor=SYSTEM
        )
    assert (made.town_id, unit.town_id) == (world.a.town.pk, world.a.town.pk)
