import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from renda.core.actors import SYSTEM
from renda.core.models import ActivityLog
from renda.registry import services as reg
from renda.registry.enums import Level, MandateStatus


def test_world_builds_one_of_everything_per_town(world, unscoped):
    assert world.a.objects["registry.mandate"].seat.number == 1
    assert world.a.objects["registry.mandate"].town == world.a.town
    assert ActivityLog.unscoped.filter(town=world.a.town, code="mandate.created").count() == 1


def test_mandate_needs_a_free_seat(world, unscoped):
    tw = world.a
    ed = tw.objects["registry.electoraldistrict"]
    second = reg.person_create(town=tw.town, data={"name": "李四"}, actor=SYSTEM)
    m2 = reg.mandate_create(
        town=tw.town,
        data={
            "person": second,
            "level": Level.TOWN,
            "electoral_district": ed,
            "start_date": dt.date(2022, 1, 1),
        },
        actor=SYSTEM,
    )
    assert m2.seat.number == 2
    third = reg.person_create(town=tw.town, data={"name": "王五"}, actor=SYSTEM)
    with pytest.raises(ValidationError):
        reg.mandate_create(
            town=tw.town,
            data={
                "person": third,
                "level": Level.TOWN,
                "electoral_district": ed,
                "start_date": dt.date(2022, 1, 1),
            },
            actor=SYSTEM,
        )
    reg.mandate_end(
        mandate=m2,
        status=MandateStatus.RESIGNED,
        end_date=dt.date(2023, 5, 1),
        reason="工作调动",
        actor=SYSTEM,
    )
    m3 = reg.mandate_create(
        town=tw.town,
        data={
            "person": third,
            "level": Level.TOWN,
            "electoral_district": ed,
            "start_date": dt.date(2023, 6, 1),
        },
        actor=SYSTEM,
    )
    assert m3.seat == m2.seat
    m2.refresh_from_db()
    assert (m2.status, m2.end_date, m2.person.name) == (MandateStatus.RESIGNED, dt.date(2023, 5, 1), "李四")


def test_cannot_link_another_towns_record(world, unscoped):
    village_b = world.b.objects["registry.village"]
    with pytest.raises(ValidationError):
        reg.person_create(town=world.a.town, data={"name": "赵六", "village": village_b}, actor=SYSTEM)
    assert world.a.town.pk != village_b.town_id
