"""The navigation and the inbox badge come from caches; every write that changes them is seen on the next page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from renda.core import services
from renda.core.access import towns_visible_to
from renda.core.enums import Role
from renda.core.models import User
from renda.core.notifications.models import Notification, NotificationKind
from renda.core.notifications.queries import notification_unread_count
from renda.core.notifications.services import (
    notification_mark_read,
    notification_send,
    notifications_mark_all_read,
)


def _unread(client) -> int:
    return client.get("/api/v1/core/notifications/unread-count").json()["count"]


def _badge(client) -> str:
    html = client.get("/suggestions/").content.decode()
    start = html.find('data-testid="inbox-unread">')
    return "" if start < 0 else html[start:].split(">", 1)[1].split("<", 1)[0]


def _send(user, town):
    return notification_send(
        user=user, town=town, kind=NotificationKind.OTHER, template="digest", params={"count": 1}
    )


@pytest.mark.django_db
def test_the_unread_count_is_read_from_the_cache(client, world):
    staff = world.a.users["town_staff"]
    client.force_login(staff)
    before = _unread(client)
    with CaptureQueriesContext(connection) as ctx:
        assert _unread(client) == before
    assert [q["sql"] for q in ctx.captured_queries if "core_notification" in q["sql"]] == []


@pytest.mark.django_db
def test_a_notification_sent_and_read_is_seen_on_the_next_page(client, world):
    staff = world.a.users["town_staff"]
    client.force_login(staff)
    with scope(town=towns_visible_to(staff)):
        notifications_mark_all_read(user=staff, actor=staff)
    assert _unread(client) == 0 and _badge(client) == ""
    first = _send(staff, world.a.town)
    assert _unread(client) == 1 and _badge(client) == "1"
    _send(staff, world.a.town)
    assert _badge(client) == "2"
    notification_mark_read(notification=first, actor=staff)
    assert _unread(client) == 1 and _badge(client) == "1"
    with scope(town=towns_visible_to(staff)):
        notifications_mark_all_read(user=staff, actor=staff)
    assert _unread(client) == 0 and _badge(client) == ""


@pytest.mark.django_db
def test_a_read_later_in_the_same_request_sees_a_write_made_in_it(world):
    staff = User.objects.get(pk=world.a.users["town_staff"].pk)  # a request's user object
    first = _send(staff, world.a.town)
    with scope(town=towns_visible_to(staff)):
        before = notification_unread_count(user=staff)  # the entries now sit on the user object
        notification_mark_read(notification=first, actor=staff)  # a POST's step, then its page renders
        assert notification_unread_count(user=staff) == before - 1


@pytest.mark.django_db
def test_a_notification_written_outside_the_services_is_seen(client, world):
    staff = world.a.users["town_staff"]
    client.force_login(staff)
    before = _unread(client)
    n = Notification.unscoped.create(
        user=staff, town=world.a.town, kind=NotificationKind.OTHER, template="digest"
    )
    assert _unread(client) == before + 1
    n.delete()
    assert _unread(client) == before


@pytest.mark.django_db
def test_the_unread_count_follows_the_towns_a_grant_adds(client, world):
    staff = world.a.users["town_staff"]
    Notification.unscoped.create(
        user=staff, town=world.b.town, kind=NotificationKind.OTHER, template="digest"
    )
    client.force_login(staff)
    before = _unread(client)  # a message of a town the user does not work for is outside the scope
    services.role_grant_add(user=staff, role=Role.TOWN_STAFF, town=world.b.town, actor=world.district_x_staff)
    assert _unread(client) == before + 1


def _nav_labels(client) -> list[str]:
    nav = client.get("/suggestions/").context["nav_items"]
    return [str(c["label"]) for i in nav for c in i.get("children", [i])]


@pytest.mark.django_db
def test_the_navigation_follows_a_grant_added_and_revoked(client, world):
    staff = world.a.users["town_staff"]
    client.force_login(staff)
    html = client.get("/suggestions/").content.decode()
    assert "即将到期诉求" not in _nav_labels(client) and "即将到期诉求" not in html
    grant = services.role_grant_add(
        user=staff, role=Role.PETITIONS, town=world.a.town, actor=world.district_x_staff
    )
    html = client.get("/suggestions/").content.decode()
    assert "即将到期诉求" in _nav_labels(client) and "即将到期诉求" in html
    services.role_grant_revoke(grant=grant, actor=world.district_x_staff)
    assert "即将到期诉求" not in client.get("/suggestions/").content.decode()


@pytest.mark.django_db
def test_the_navigation_marks_the_page_and_speaks_the_language(client, world):
    staff = world.a.users["town_staff"]
    client.force_login(staff)
    html = client.get("/suggestions/").content.decode()
    assert 'class="nav-link active" href="/suggestions/"' in html
    html = client.get("/receptions/appeals/").content.decode()
    assert 'class="nav-link active" href="/suggestions/"' not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/suggestions/").content.decode()
    assert "代表建议" not in html.split("</nav>")[0]
