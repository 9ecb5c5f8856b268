"""The inbox pages and API: own notifications only, fixed query count, mark read, preferences."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from renda.core.deadlines.models import Clock
from renda.core.notifications.models import Delivery, Notification
from renda.core.notifications.services import notification_send


def send(tw, user_key, n=1, template="reminder"):
    with scopes_disabled():
        return [
            notification_send(
                user=tw.users[user_key],
                town=tw.town,
                kind="appeal",
                template=template,
                params={"clock_kind": "appeal.reply", "item": f"诉求{i}", "due": "2026-04-02", "days": 7},
                link="/registry/",
            )
            for i in range(n)
        ]


def quiet() -> None:
    """Clocks and messages other modules' world builders made stay out of these tests' counts."""
    with scopes_disabled():
        Clock.objects.update(next_reminder_on=None)
        Notification.objects.all().delete()


@pytest.fixture
def world(world):
    quiet()
    return world


def test_inbox_lists_own_notifications_with_a_fixed_query_count(client, world, django_assert_max_num_queries):
    user = world.a.users["deputy"]
    send(world.a, "deputy", 2)
    send(world.a, "town_staff", 1)
    client.force_login(user)
    response = client.get(reverse("inbox"))
    assert response.status_code == 200
    assert [i["title"] for i in response.context["items"]] == [
        "【提醒】诉求答复：诉求1 将于 2026-04-02 到期",
        "【提醒】诉求答复：诉求0 将于 2026-04-02 到期",
    ]
    assert response.context["inbox_unread"] == 2
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("inbox"))
    n = len(few.captured_queries)
    send(world.a, "deputy", 20)
    client.get(
        reverse("inbox")
    )  # the new messages changed the cached unread count: the first page refills it
    with django_assert_max_num_queries(n):
        response = client.get(reverse("inbox"))
    assert len(response.context["items"]) == 22


def test_mark_read_open_and_read_all(client, world):
    mine = send(world.a, "deputy", 3)
    theirs = send(world.b, "deputy", 1)[0]
    client.force_login(world.a.users["deputy"])
    assert client.post(reverse("inbox-read"), {"id": theirs.pk}).status_code == 404
    assert client.post(reverse("inbox-read"), {"id": mine[0].pk}).status_code == 302
    response = client.post(reverse("inbox-open"), {"id": mine[1].pk})
    assert (response.status_code, response["Location"]) == (302, "/registry/")
    with scopes_disabled():
        assert Notification.objects.filter(user=world.a.users["deputy"], read_at=None).count() == 1
    client.post(reverse("inbox-read-all"))
    with scopes_disabled():
        assert Notification.objects.filter(read_at=None).count() == 1  # only town B's deputy's


def test_preferences_page(client, world):
    user = world.a.users["petitions"]
    client.force_login(user)
    assert client.get(reverse("notification-preferences")).status_code == 200
    data = {"suggestion": "off", "appeal": "digest", "rectification": "immediate", "campaign": "immediate",
            "activity": "immediate", "other": "immediate"}  # fmt: skip
    assert client.post(reverse("notification-preferences"), data).status_code == 302
    with scopes_disabled():
        prefs = dict(user.notification_preferences.values_list("kind", "delivery"))
    assert (prefs["suggestion"], prefs["appeal"]) == (Delivery.OFF, Delivery.DIGEST)


def test_api_inbox(client, world):
    mine = send(world.a, "deputy", 2)
    theirs = send(world.b, "deputy", 1)[0]
    client.force_login(world.a.users["deputy"])
    data = client.get("/api/v1/core/notifications").json()
    assert [i["id"] for i in data["items"]] == [mine[1].pk, mine[0].pk]
    assert data["items"][0]["title"] == "【提醒】诉求答复：诉求1 将于 2026-04-02 到期"
    assert client.get("/api/v1/core/notifications/unread-count").json() == {"count": 2}
    bad = client.post(
        "/api/v1/core/notifications/read", {"ids": [theirs.pk]}, content_type="application/json"
    )
    assert bad.status_code == 404
    ok = client.post(
        "/api/v1/core/notifications/read", {"ids": [mine[0].pk]}, content_type="application/json"
    )
    assert ok.json() == {"count": 1}
    assert client.post("/api/v1/core/notifications/read-all").json() == {"count": 1}
    prefs = client.put(
        "/api/v1/core/notifications/preferences",
        {"preferences": {"appeal": "digest"}},
        content_type="application/json",
    )
    assert prefs.json()["preferences"]["appeal"] == "digest"


@pytest.mark.parametrize("path", ["/inbox/", "/inbox/preferences/"])
def test_inbox_needs_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
