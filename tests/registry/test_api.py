"""Registry API: the same rules as the pages, through the generic operations."""

from __future__ import annotations

from django_scopes import scopes_disabled

from renda.core.models import ActivityLog
from renda.registry.models import HandlingUnit


def test_create_patch_end_and_history(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    created = client.post(
        "/api/v1/registry/handling-units",
        {"name": "平望税务所", "kind": "station"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["town"] == tw.town.pk

    patched = client.patch(
        f"/api/v1/registry/handling-units/{pk}", {"contact_name": "周主任"}, content_type="application/json"
    )
    assert (patched.status_code, patched.json()["contact_name"], patched.json()["name"]) == (
        200,
        "周主任",
        "平望税务所",
    )

    ended = client.post(
        f"/api/v1/registry/handling-units/{pk}/end",
        {"end_date": "2026-06-30", "reason": "机构改革"},
        content_type="application/json",
    )
    assert (ended.status_code, ended.json()["end_date"]) == (200, "2026-06-30")
    again = client.post(
        f"/api/v1/registry/handling-units/{pk}/end",
        {"end_date": "2026-07-01", "reason": "重复"},
        content_type="application/json",
    )
    assert again.status_code == 422

    history = client.get(f"/api/v1/registry/handling-units/{pk}/history").json()
    assert [h["code"] for h in history] == [
        "handling_unit.ended",
        "handling_unit.updated",
        "handling_unit.created",
    ]
    assert history[1]["data"] == {"contact_name": ["", "周主任"]}


def test_bad_input_is_refused_and_nothing_saved(client, world):
    client.force_login(world.a.users["town_staff"])
    with scopes_disabled():
        before = (HandlingUnit.objects.count(), ActivityLog.unscoped.count())
    bad = client.post(
        "/api/v1/registry/handling-units",
        {"name": "无类型单位", "kind": "nonsense"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    dup = client.post(
        "/api/v1/registry/handling-units",
        {"name": world.a.objects["registry.handlingunit"].name, "kind": "station"},
        content_type="application/json",
    )
    assert dup.status_code == 422 and "同名" in dup.json()["detail"][0]
    bad_person = client.post(
        "/api/v1/registry/persons", {"name": "x", "phone": "12345"}, content_type="application/json"
    )
    assert bad_person.status_code == 422 and "手机号" in bad_person.json()["detail"][0]
    with scopes_disabled():
        assert (HandlingUnit.objects.count(), ActivityLog.unscoped.count()) == before


def test_deputy_and_clerk_cannot_write(client, world):
    for role in ("deputy", "unit_clerk"):
        client.force_login(world.a.users[role])
        response = client.post(
            "/api/v1/registry/handling-units",
            {"name": "某所", "kind": "station"},
            content_type="application/json",
        )
        assert response.status_code == 403


def test_district_staff_must_name_a_town_of_their_district(client, world):
    client.force_login(world.district_x_staff)
    no_town = client.post(
        "/api/v1/registry/handling-units",
        {"name": "某所", "kind": "station"},
        content_type="application/json",
    )
    assert no_town.status_code == 422
    other = client.post(
        "/api/v1/registry/handling-units",
        {"name": "某所", "kind": "station", "town": world.c.town.pk},
        content_type="application/json",
    )
    assert other.status_code == 422
    ok = client.post(
        "/api/v1/registry/handling-units",
        {"name": "某所", "kind": "station", "town": world.b.town.pk},
        content_type="application/json",
    )
    assert (ok.status_code, ok.json()["town"]) == (201, world.b.town.pk)


def test_openapi_schema_is_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/registry/persons/{pk}" in spec["paths"]
    assert spec["paths"]["/api/v1/registry/persons/{pk}"]["get"]["x-renda-model"] == "registry.person"
