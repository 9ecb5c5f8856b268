"""The defects of issue 12 in receptions, each with its test: a published day's change notifies the deputies
only after commit; the API's "upcoming" is the local date; appeals use the suggestions' satisfaction codes; the
appeal clock's handler is changed through the deadlines service; photos are checked by core.uploads."""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from renda.core.deadlines.status import clock_for
from renda.core.models import ActivityLog
from renda.core.notifications.models import Notification
from renda.core.uploads import IMAGES, uploads_check
from renda.receptions import services
from renda.receptions.enums import Satisfaction
from renda.receptions.models import Appeal
from renda.suggestions.models import Score

TZ = ZoneInfo("Asia/Shanghai")
JSON = "application/json"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(shared_world, db):
    return shared_world


def test_changing_a_published_day_notifies_the_deputies_after_commit(
    world, django_capture_on_commit_callbacks
):
    tw = world.a
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    with scopes_disabled():  # the services under test
        day = services.reception_day_create(
            town=tw.town,
            data={"date": dt.date(2099, 8, 1), "group": tw.objects["receptions.receptiongroup"]},
            actor=staff,
        )
        with django_capture_on_commit_callbacks(execute=True):
            day = services.reception_day_publish(day=day, actor=staff)
        before = Notification.objects.filter(user=deputy).count()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.reception_day_update(day=day, data={"place": "村委会三楼"}, actor=staff)
            assert Notification.objects.filter(user=deputy).count() == before  # nothing before the commit
        assert len(callbacks) == 1
        callbacks[0]()
        assert Notification.objects.filter(user=deputy).count() == before + 1


def test_upcoming_days_are_from_the_local_date(client, world):
    """At 00:30 in Shanghai it is still the day before in UTC: yesterday's reception is not upcoming."""
    tw = world.a
    staff = tw.users["town_staff"]
    with scopes_disabled():  # test set-up
        for date in (dt.date(2030, 3, 10), dt.date(2030, 3, 11)):
            services.reception_day_create(
                town=tw.town,
                data={"date": date, "group": tw.objects["receptions.receptiongroup"]},
                actor=staff,
            )
    with time_machine.travel(dt.datetime(2030, 3, 11, 0, 30, tzinfo=TZ), tick=False):
        client.force_login(staff)
        page = client.get("/api/v1/receptions/days", {"upcoming": True, "limit": 200}).json()
    dates = {d["date"] for d in page["items"]}
    assert "2030-03-11" in dates and "2030-03-10" not in dates
    assert page["count"] == len(page["items"])


def test_satisfaction_codes_are_the_suggestions_codes(client, world):
    assert set(Satisfaction.values) <= set(Score.values)
    assert "basically" in Satisfaction.values and "basic" not in Satisfaction.values
    tw = world.a
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    with scopes_disabled():  # test set-up
        appeal = Appeal.objects.get(pk=tw.objects["receptions.appeal"].pk)
        services.appeal_assign(appeal=appeal, handler=clerk, actor=staff)
        services.appeal_reply(
            appeal=appeal,
            method="phone",
            replied_on=appeal.received_on,
            replied_by="李",
            text="已修",
            actor=clerk,
        )
    client.force_login(staff)
    url = f"/api/v1/receptions/appeals/{appeal.pk}/feedback"
    assert client.post(url, {"satisfaction": "basic"}, content_type=JSON).status_code == 422
    done = client.post(url, {"satisfaction": "basically"}, content_type=JSON)
    assert (done.status_code, done.json()["satisfaction"], done.json()["state"]) == (
        200,
        "basically",
        "closed",
    )
    spec = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "basically" in str(spec["Satisfaction"]) and "basic'" not in str(spec["Satisfaction"])


def test_stored_basic_becomes_basically(world):
    migration = importlib.import_module("renda.receptions.migrations.0004_satisfaction_basically")
    with scopes_disabled():  # a data migration runs unscoped
        Appeal.objects.filter(pk=world.a.objects["receptions.appeal"].pk).update(satisfaction="basic")
        migration.forwards(apps, None)
        assert Appeal.objects.get(pk=world.a.objects["receptions.appeal"].pk).satisfaction == "basically"


def test_assigning_moves_the_clock_handler_through_the_deadlines_service(world):
    tw = world.a
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    with scopes_disabled():  # the services under test
        appeal = Appeal.objects.get(pk=tw.objects["receptions.appeal"].pk)
        services.appeal_assign(appeal=appeal, handler=clerk, actor=staff)
        clock = clock_for(subject=appeal, kind=services.APPEAL_CLOCK)
        assert (clock.handler_id, clock.unit_id) == (clerk.pk, tw.objects["registry.handlingunit"].pk)
        row = ActivityLog.unscoped.get(code="clock.handler_set", object_id=str(appeal.pk))
    assert row.data["handler"] == str(clerk)


def test_photos_are_checked_by_core_uploads(settings):
    png = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    uploads_check([png], max_count=1, kinds=IMAGES, max_bytes=1024, field="photos")
    with pytest.raises(ValidationError) as many:
        uploads_check([png, png], max_count=1, kinds=IMAGES, max_bytes=1024, field="photos", too_many="太多")
    assert many.value.message_dict == {"photos": ["太多"]}
    with pytest.raises(ValidationError) as wrong:
        uploads_check(
            [SimpleUploadedFile("a.png", b"not an image", content_type="image/png")],
            max_count=3,
            kinds=IMAGES,
            max_bytes=1024,
            field="photos",
            wrong_type="须为图片",
        )
    assert wrong.value.message_dict == {"photos": ["须为图片"]}
    with pytest.raises(ValidationError) as big:
        uploads_check([png], max_count=1, kinds=IMAGES, max_bytes=10, field="photos", too_large="太大")
    assert big.value.message_dict == {"photos": ["太大"]}
