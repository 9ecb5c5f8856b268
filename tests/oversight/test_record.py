"""The deputy's performance record (履职档案, the performance app over the lines oversight registers): the held
activities they attended, reached from the nav's 我的履职档案 and from their person page; an activity they did
not attend or that was not held is not on it."""

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
    person = tw.objects["registry.person"]
    client.force_login(tw.users["deputy"])
    html = client.get(reverse("performance:mine") + "?year=2027").content.decode()
    assert 'data-testid="kind-oversight.attended"' in html
    assert "视察镇敬老院" in html and came.get_absolute_url() in html
    assert "视察镇卫生院" not in html and "视察镇文化站" not in html
    # Their person page leads to the same record; so does it for the town's staff.
    page = client.get(reverse("registry:person-detail", args=[person.pk])).content.decode()
    record_url = reverse("performance:person-record", args=[person.pk])
    assert record_url in page
    client.force_login(tw.users["town_staff"])
    assert "视察镇敬老院" in client.get(record_url + "?year=2027").content.decode()


def test_the_record_link_is_shown_to_who_may_open_it(client, world):
    person = world.a.objects["registry.person"]
    record_url = reverse("performance:person-record", args=[person.pk])
    client.force_login(world.a.users["town_staff"])
    assert record_url in client.get(reverse("registry:person-detail", args=[person.pk])).content.decode()
    # District staff read both; district staff of another district see neither.
    client.force_login(world.district_x_staff)
    r = client.get(reverse("registry:person-detail", args=[person.pk]))
    assert r.status_code == 200 and record_url in r.content.decode()
    assert client.get(record_url).status_code == 200
    client.force_login(world.district_y_staff)
    assert client.get(reverse("registry:person-detail", args=[person.pk])).status_code == 404
    assert client.get(record_url).status_code == 404
