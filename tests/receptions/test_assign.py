"""Assigning an appeal: an unchanged assignment is a no-op (one audit row), also under 20 requests at once."""

from __future__ import annotations

import threading

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from renda.core.models import ActivityLog
from renda.receptions import services
from renda.receptions.models import Appeal


def _assigned_rows(appeal) -> int:
    with scopes_disabled():  # test inspection
        return ActivityLog.unscoped.filter(code="appeal.assigned", object_id=str(appeal.pk)).count()


def test_assigning_the_handler_it_already_has_changes_nothing(world, client):
    tw = world.a
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    with scopes_disabled():  # test set-up
        appeal = Appeal.objects.get(pk=tw.objects["receptions.appeal"].pk)
        services.appeal_assign(appeal=appeal, handler=clerk, actor=staff)
        appeal.refresh_from_db()
    version = appeal.version
    client.force_login(staff)
    url = f"/api/v1/receptions/appeals/{appeal.pk}/assign"
    for _i in range(3):
        r = client.post(url, {"handler_id": clerk.pk}, content_type="application/json")
        assert r.status_code == 200, r.content
    with scopes_disabled():  # test inspection
        appeal.refresh_from_db()
    assert (appeal.version, appeal.handler_id, _assigned_rows(appeal)) == (version, clerk.pk, 1)
    # Another responsible person is a real change: one more row.
    r = client.post(url, {"handler_id": staff.pk}, content_type="application/json")
    assert r.status_code == 200, r.content
    with scopes_disabled():  # test inspection
        appeal.refresh_from_db()
    assert (appeal.version, appeal.handler_id, _assigned_rows(appeal)) == (version + 1, staff.pk, 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_assignments_at_once_write_one_audit_row():
    from factories import build_world

    with scopes_disabled():  # test set-up
        world = build_world()
    tw = world.a
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    appeal = tw.objects["receptions.appeal"]
    url = f"/api/v1/receptions/appeals/{appeal.pk}/assign"
    barrier = threading.Barrier(20)
    statuses, errors = [], []

    def run():
        from django.db import connection as conn

        try:
            c = Client()
            c.force_login(staff)
            barrier.wait()
            statuses.append(
                c.post(url, {"handler_id": clerk.pk}, content_type="application/json").status_code
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert statuses == [200] * 20
    with scopes_disabled():  # test inspection
        appeal = Appeal.objects.get(pk=appeal.pk)
    assert (appeal.state, appeal.handler_id, _assigned_rows(appeal)) == ("assigned", clerk.pk, 1)
