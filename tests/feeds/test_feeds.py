"""The calendar feed (日历订阅): one per user at a secret URL, parsed with `icalendar`, holding the user's
reception duties, activities, sessions and the deadlines they own, and nothing of another town; a revoked token
and an old token after re-issue are 404; the page's steps write audit entries; only the user manages theirs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from renda.core.audit import activity_label
from renda.core.deadlines.models import Clock
from renda.core.models import ActivityLog
from renda.feeds import services
from renda.feeds.models import FeedToken
from renda.oversight.services import activities as acts
from renda.receptions import services as rs
from renda.receptions.models import ReceptionDay

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=9):
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=TZ), tick=False)


def _reception_day(tw, date):
    day = rs.reception_day_create(
        town=tw.town,
        data={
            "date": date,
            "group": tw.objects["receptions.receptiongroup"],
            "place": "代表之家（一楼,含;）",
        },
        actor=tw.users["town_staff"],
    )
    ReceptionDay.objects.filter(pk=day.pk).update(state="published")
    return day


def _activity(tw, start):
    staff = tw.users["town_staff"]
    activity = acts.activity_create(
        town=tw.town,
        data={"kind": "inspection", "topic": f"{tw.town.name}环境整治视察", "start_date": start,
              "place": "太浦河", "organiser": "镇人大主席团"},
        actor=staff,
    )  # fmt: skip
    acts.activity_invite(activity=activity, persons=[tw.objects["registry.person"]], actor=staff)
    acts.activity_publish(activity=activity, actor=staff)
    return activity


def _clock(tw, due):
    person = tw.objects["registry.person"]
    return Clock.unscoped.create(
        town=tw.town, content_type=ContentType.objects.get_for_model(person), object_id=str(person.pk),
        subject_repr=f"{tw.town.name}待办事项", kind="feeds.test", rule_code="feeds.test", rule_unit="days",
        rule_amount=10, start_date=due - dt.timedelta(days=10), due_date=due,
        unit=tw.objects["registry.handlingunit"],
    )  # fmt: skip


@pytest.fixture
def feeds_world(world, django_capture_on_commit_callbacks):
    with (
        at(2025, 3, 1),
        scopes_disabled(),
        django_capture_on_commit_callbacks(execute=True),
    ):  # test set-up in two towns
        made = {}
        for key in ("a", "b"):
            tw = getattr(world, key)
            made[key] = {
                "day": _reception_day(tw, dt.date(2025, 3, 20)),
                "activity": _activity(tw, dt.date(2025, 3, 4)),
                "clock": _clock(tw, dt.date(2025, 4, 1)),
                "session": tw.objects["congress.session"],
            }
    return made


def _subscribe(client, user) -> str:
    client.force_login(user)
    r = client.post("/feeds/issue/")
    assert r.status_code == 302 and r["Location"] == "/feeds/"
    page = client.get("/feeds/").content.decode()
    url = page.split('data-testid="feed-url">')[1].split("<")[0]
    assert f'href="webcal://{url.split("://", 1)[1]}"' in page
    client.logout()
    return url.split("testserver", 1)[1]


def _uids(client, path) -> set[str]:
    r = client.get(path)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(r.content)
    assert str(cal["X-WR-CALNAME"]).startswith("人大工作日历")
    return {str(e["UID"]).split("@", 1)[0] for e in cal.walk("VEVENT")}


def _expected(made, *keys) -> set[str]:
    out = set()
    for key in keys:
        m = made[key]
        out |= {f"reception-{m['day'].token}", f"activity-{m['activity'].pk}", f"session-{m['session'].pk}"}
    return out


def test_a_deputy_feed_holds_their_duty_activity_and_sessions_and_nothing_of_another_town(
    client, world, feeds_world
):
    with at(2025, 3, 1):
        path = _subscribe(client, world.a.users["deputy"])
        uids = _uids(client, path)
        r = client.get(path)
    a, b = feeds_world["a"], feeds_world["b"]
    assert _expected(feeds_world, "a") <= uids
    assert not (_expected(feeds_world, "b") | {f"deadline-{b['clock'].pk}"}) & uids
    assert f"deadline-{a['clock'].pk}" not in uids  # the unit's deadline is not the deputy's
    cal = icalendar.Calendar.from_ical(r.content)
    by_uid = {str(e["UID"]).split("@", 1)[0]: e for e in cal.walk("VEVENT")}
    day = by_uid[f"reception-{a['day'].token}"]
    assert day.decoded("DTSTART").astimezone(TZ).date() == dt.date(2025, 3, 20)
    assert str(day["LOCATION"]) == "代表之家（一楼,含;）"  # escaped by icalendar, read back intact
    activity = by_uid[f"activity-{a['activity'].pk}"]
    assert activity.decoded("DTSTART") == dt.date(2025, 3, 4)  # all-day
    assert str(activity["URL"]).endswith(a["activity"].get_absolute_url())


def test_staff_feed_holds_their_towns_events_and_a_clerk_their_units_deadline(client, world, feeds_world):
    with at(2025, 3, 1):
        staff = _uids(client, _subscribe(client, world.a.users["town_staff"]))
        clerk = _uids(client, _subscribe(client, world.a.users["unit_clerk"]))
    assert _expected(feeds_world, "a") <= staff and not _expected(feeds_world, "b") & staff
    assert f"deadline-{feeds_world['a']['clock'].pk}" in clerk
    assert clerk == {
        f"deadline-{feeds_world['a']['clock'].pk}"
    }  # no seat, no staff role: only their deadline


def test_the_window_leaves_out_events_beyond_it(client, world, feeds_world):
    with at(2026, 6, 1):  # 2025-03 is more than 90 days back
        uids = _uids(client, _subscribe(client, world.a.users["town_staff"]))
    assert not _expected(feeds_world, "a") & uids


def test_revoked_and_replaced_tokens_are_404_and_each_step_is_audited(client, world):
    deputy = world.a.users["deputy"]
    first = _subscribe(client, deputy)
    assert client.get(first).status_code == 200
    second = _subscribe(client, deputy)  # re-issue: the old URL stops working
    assert second != first
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    client.force_login(deputy)
    r = client.post("/feeds/revoke/", follow=True)
    assert "日历订阅地址已作废" in r.content.decode() and 'data-testid="feed-none"' in r.content.decode()
    client.logout()
    assert client.get(second).status_code == 404
    assert client.get("/feeds/not-a-token.ics").status_code == 404
    with scopes_disabled():
        codes = list(
            ActivityLog.unscoped.filter(object_id=str(deputy.pk), code__startswith="feeds.")
            .order_by("id")
            .values_list("code", flat=True)
        )
        assert FeedToken.objects.filter(user=deputy, revoked_at=None).count() == 0
        assert FeedToken.objects.filter(user=deputy).count() == 2
    assert codes == ["feeds.token_issued", "feeds.token_issued", "feeds.token_revoked"]
    assert activity_label("feeds.token_revoked") == "作废日历订阅地址"


def test_one_cannot_issue_or_revoke_another_users_feed(world):
    deputy, staff = world.a.users["deputy"], world.a.users["town_staff"]
    token = services.feed_token_issue(user=deputy, actor=deputy)
    with pytest.raises(PermissionDenied):
        services.feed_token_revoke(user=deputy, actor=staff)
    with pytest.raises(PermissionDenied):
        services.feed_token_issue(user=deputy, actor=staff)
    with pytest.raises(PermissionDenied):
        services.feed_token_issue(user=deputy, actor=None)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_old_calendar_urls_lead_to_the_subscription_page(client, world):
    client.force_login(world.a.users["deputy"])
    for old in ("/receptions/calendar/", "/receptions/calendar.ics", "/oversight/activities/calendar/",
                "/oversight/activities/calendar.ics"):  # fmt: skip
        r = client.get(old)
        assert r.status_code == 302 and r["Location"] == "/feeds/"
    page = client.get("/").content.decode()
    assert 'href="/feeds/" data-testid="feeds-link"' in page
