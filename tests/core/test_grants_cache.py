"""Grants are cached across requests (decision 0007) and every write that changes them is seen on the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import make_town
from renda.core import services
from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.models import RoleGrant, User


def _town_page(client, town) -> int:
    return client.get(f"/registry/towns/{town.pk}/").status_code


def _signed_in(client, user):
    client.force_login(user)  # a real session: the next requests load the user (and its grants) from it
    return client


@pytest.mark.django_db
def test_a_second_request_reads_the_grants_from_the_cache(world):
    staff = world.a.users["town_staff"]
    first = grants_of(User.objects.get(pk=staff.pk))
    with CaptureQueriesContext(connection) as ctx:
        again = grants_of(User.objects.get(pk=staff.pk))  # a new request's user object
    assert again == first
    assert [q["sql"] for q in ctx.captured_queries if "core_rolegrant" in q["sql"]] == []


@pytest.mark.django_db
def test_a_grant_added_is_seen_on_the_next_request(client, world):
    staff = world.a.users["town_staff"]
    _signed_in(client, staff)
    assert _town_page(client, world.b.town) == 404  # not visible, and the grants are now cached
    services.role_grant_add(user=staff, role=Role.TOWN_STAFF, town=world.b.town, actor=world.district_x_staff)
    assert _town_page(client, world.b.town) == 200


@pytest.mark.django_db
def test_a_grant_revoked_is_seen_on_the_next_request(client, world):
    staff = world.a.users["town_staff"]
    services.role_grant_add(user=staff, role=Role.TOWN_STAFF, town=world.b.town, actor=world.district_x_staff)
    _signed_in(client, staff)
    assert _town_page(client, world.b.town) == 200
    grant = RoleGrant.objects.get(user=staff, town=world.b.town)
    services.role_grant_revoke(grant=grant, actor=world.district_x_staff)
    assert _town_page(client, world.b.town) == 404


@pytest.mark.django_db
def test_an_account_deactivated_is_seen_on_the_next_request(client, world):
    staff = world.a.users["town_staff"]
    _signed_in(client, staff)
    assert client.get("/api/v1/core/notifications/unread-count").status_code == 200
    services.user_account_update(user=staff, data={"is_active": False}, actor=world.district_x_staff)
    assert client.get("/api/v1/core/notifications/unread-count").status_code == 401


@pytest.mark.django_db
def test_a_town_added_to_a_district_is_seen_on_the_next_request(client, world):
    _signed_in(client, world.district_x_staff)
    assert _town_page(client, world.a.town) == 200
    town = make_town(
        world.x, "320509999", "新镇"
    )  # a write outside the services: the signal bumps the version
    assert _town_page(client, town) == 200


@pytest.mark.django_db
def test_a_grant_row_written_outside_the_services_is_seen_on_the_next_request(client, world):
    staff = world.a.users["town_staff"]
    _signed_in(client, staff)
    assert _town_page(client, world.b.town) == 404
    RoleGrant.objects.create(user=staff, role=Role.TOWN_STAFF, town=world.b.town, district=world.x)
    assert _town_page(client, world.b.town) == 200
