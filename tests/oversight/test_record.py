"""The deputy's record (core.record, registered by oversight): the held activities they attended, on their person
page, reached from the nav's 我的履职; an activity they were excused from or that was not held is not on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from helpers import at
from renda.oversight.services import activities as acts


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _activity(tw, topic, *, attended: bool, hold: bool = True):
    staff, person = tw.users["town_staff"], tw.objects["registry.person"]
    with scopes_disabled(), at(2027, 5, 10):  # test set-up
        a = acts.activity_create(
            town=tw.town,
            data={"kind": "inspection", "topic": topic, "start_date": dt.date(2027, 5, 10), "place": "镇敬老院",
                  "organiser": "镇人大主席团"},
            actor=staff,
        )  # fmt: skip
        acts.activity_invite(activity=a, persons=[person], actor=staff)
        a = acts.activity_publish(activity=a, actor=staff)
        if hold:
            a = acts.activity_hold(
                activity=a, attended=[person] if attended else [], summary="视察", actor=staff
            )
    return a


def test_the_deputy_sees_the_activities_they_attended_on_their_record(client, world):
    tw = world.a
    came = _activity(tw, "视察镇敬老院", attended=True)
    _activity(tw, "视察镇卫生院", attended=False)
    _activity(tw, "视察镇文化站", attended=True, hold=False)
    client.force_login(tw.users["deputy"])
    r = client.get(reverse("registry:my-record"))
    person = tw.objects["registry.person"]
    assert r.status_code == 302 and r["Location"] == reverse("registry:person-detail", args=[person.pk])
    html = client.get(r["Location"]).content.decode()
    assert 'data-testid="record-oversight.activities"' in html
    assert "视察镇敬老院" in html and came.get_absolute_url() in html
    assert "视察镇卫生院" not in html and "视察镇文化站" not in html
    # The town's staff see the same record on the deputy's page; a user without a deputy seat is sent to the deputies.
    client.force_login(tw.users["town_staff"])
    assert "视察镇敬老院" in client.get(r["Location"]).content.decode()
    r = client.get(reverse("registry:my-record"))
    assert r.status_code == 302 and r["Location"] == reverse("registry:mandate-list")


def test_the_nav_offers_my_record_to_deputies_only(client, world):
    tw = world.a
    client.force_login(tw.users["deputy"])
    assert reverse("registry:my-record") in client.get(reverse("oversight:activity-list")).content.decode()
    client.force_login(tw.users["town_staff"])
    assert (
        reverse("registry:my-record") not in client.get(reverse("oversight:activity-list")).content.decode()
    )
