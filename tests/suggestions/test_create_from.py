import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django_scopes import scopes_disabled

from renda.core.deadlines.models import Clock
from renda.suggestions.models import State
from renda.suggestions.services import suggestion_create_from

TZ = ZoneInfo("Asia/Shanghai")


def test_create_from_source_is_submitted_with_assign_clock(world):
    tw = world.a
    person = tw.objects["registry.person"]
    source = tw.objects["registry.liaisonpost"]
    with (
        time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=TZ), tick=False),
        scopes_disabled(),
    ):  # test set-up
        s = suggestion_create_from(
            source=source,
            town=tw.town,
            title="关于修缮村道的建议",
            content="一村村道破损严重，建议尽快修缮。",
            signers=[person],
            channel="recess",
            actor=tw.users["town_staff"],
        )
        clock = Clock.unscoped.get(kind="suggestion.assign", object_id=str(s.pk))
    assert s.state == State.SUBMITTED
    assert s.lead_person == person
    assert s.number == "2027-001"
    assert s.source_label == str(source)
    assert s.source_id == str(source.pk)
    # 7 working days from Tuesday 5 January 2027
    assert clock.due_date == dt.date(2027, 1, 14)
    assert s.tokens
