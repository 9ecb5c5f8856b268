"""Open data (public, no login): a town's deputies as Open Civic Data JSON and its appeals as Open311
GeoReport v2 service requests — the shapes, public fields only, masked text, and only that town's data."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django_scopes import scopes_disabled

from renda.opendata.queries import mask_text
from renda.receptions import services as rs

PERSONAL = ("13912345678", "13800001111", "李四", "320509199001011234")


def _get(path, **params):
    return Client().get(path, params)


def _appeal_with_personal_data(tw):
    with scopes_disabled():  # test set-up
        return rs.appeal_submit(
            town=tw.town,
            data={
                "content": "我是李四，电话13800001111，身份证320509199001011234，村口路灯坏了。",
                "category": "roads",
                "village": tw.objects["registry.village"],
                "citizen_name": "李四",
                "citizen_phone": "13912345678",
            },
            actor=tw.users["town_staff"],
        )


def test_open311_requests_are_the_towns_own_masked_and_public(db, world):
    a, b = world.a, world.b
    appeal = _appeal_with_personal_data(a)
    response = _get("/api/v1/open311/v2/requests.json", jurisdiction_id=a.town.code)
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 2  # the world's appeal and this one; none of town B's
    assert {r["service_request_id"].split("-")[0] for r in rows} == {a.town.code}
    mine = next(r for r in rows if r["service_request_id"] == f"{a.town.code}-{appeal.pk}")
    assert mine["status"] == "open"
    assert mine["service_code"] == "roads"
    assert mine["address"] == a.objects["registry.village"].name
    assert mine["requested_datetime"] == appeal.received_on.isoformat()
    assert mine["description"] == "我是李*，电话138******11，身份证320*************34，村口路灯坏了。"
    body = response.content.decode()
    for secret in (*PERSONAL, appeal.tracking_code, a.objects["receptions.appeal"].tracking_code):
        assert secret not in body
    assert set(mine) == {
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
        "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
        "address", "address_id", "zipcode", "lat", "long", "media_url",
    }  # fmt: skip

    other = _get("/api/v1/open311/v2/requests.json", jurisdiction_id=b.town.code).json()
    assert [r["service_request_id"] for r in other] == [f"{b.town.code}-{b.objects['receptions.appeal'].pk}"]
    # Filters: closed ones (none yet), a category.
    assert _get("/api/v1/open311/v2/requests.json", jurisdiction_id=a.town.code, status="closed").json() == []
    assert (
        _get("/api/v1/open311/v2/requests.json", jurisdiction_id=a.town.code, service_code="water").json()
        == []
    )
    assert _get("/api/v1/open311/v2/requests.json", jurisdiction_id="000000000000").status_code == 404


def test_open311_services_are_the_appeal_categories(db):
    services = _get("/api/v1/open311/v2/services.json").json()
    codes = [s["service_code"] for s in services]
    assert "roads" in codes and "other" in codes
    assert next(s for s in services if s["service_code"] == "roads")["service_name"] == "道路交通"


def test_ocd_town_is_the_towns_deputies_posts_and_memberships(db, world):
    a, b = world.a, world.b
    response = _get("/api/v1/ocd/town", jurisdiction_id=a.town.code)
    assert response.status_code == 200
    data = response.json()
    person = a.objects["registry.person"]
    assert data["jurisdiction"]["code"] == a.town.code
    assert [p["name"] for p in data["people"]] == [person.name]
    assert set(data["people"][0]) == {"id", "name", "gender", "party", "sector"}
    district = a.objects["registry.electoraldistrict"]
    [post] = data["posts"]
    assert post["id"].endswith(f"/district/{district.pk}") and post["num_seats"] == district.seats
    by_kind = {m["id"].split("/")[-2]: m for m in data["memberships"]}
    assert by_kind["mandate"]["post_id"] == post["id"]
    assert by_kind["mandate"]["start_date"] == "2022-01-01" and by_kind["mandate"]["end_date"] == ""
    assert by_kind["presidium"]["role"] == "主席"
    person_ids = {p["id"] for p in data["people"]}
    assert {m["person_id"] for m in data["memberships"]} <= person_ids
    orgs = {o["id"] for o in data["organizations"]}
    assert {m["organization_id"] for m in data["memberships"]} <= orgs
    body = json.dumps(data, ensure_ascii=False)
    assert b.town.code not in body
    assert all(
        f"town:{a.town.code}" in x["id"]
        for k in ("organizations", "posts", "people", "memberships")
        for x in data[k]
    )
    with scopes_disabled():  # test data: the private fields
        for field in ("id_number", "phone", "birth_date"):
            value = getattr(person, field)
            assert not value or str(value) not in body


def test_open_data_is_documented_in_the_openapi(db):
    spec = Client().get("/api/v1/openapi.json").json()
    for path in ("/api/v1/ocd/town", "/api/v1/open311/v2/services.json", "/api/v1/open311/v2/requests.json"):
        assert "get" in spec["paths"][path], path
        assert "security" not in spec["paths"][path]["get"] or spec["paths"][path]["get"]["security"] == []


@override_settings(
    RENDA={**__import__("django.conf").conf.settings.RENDA, "OPEN_DATA_RATE_PER_IP": (2, 3600)}
)
def test_open_data_has_the_portals_rate_limit(db):
    cache.clear()
    statuses = [_get("/api/v1/open311/v2/services.json").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("联系电话 139-1234-5678", "联系电话 139******78"),
        ("张三反映：", "张*反映："),
        ("2026年3月5日", "2026年3月5日"),
    ],
)
def test_mask_text(text, masked):
    assert mask_text(text, names=["张三"]) == masked
