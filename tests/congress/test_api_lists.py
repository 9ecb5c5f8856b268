"""The congress API's lists are paged (`limit`/`offset` with `count`) and its schemas name their choices."""

from __future__ import annotations

import pytest

API = "/api/v1/congress"


@pytest.fixture
def world(shared_world, db):
    return shared_world


@pytest.mark.parametrize("path", ["/sessions", "/motions", "/compliance?year=2025"])
def test_lists_are_paged_with_a_count(client, world, path):
    client.force_login(world.a.users["town_staff"])
    sep = "&" if "?" in path else "?"
    whole = client.get(f"{API}{path}").json()
    assert whole["count"] == len(whole["items"]) >= 1
    none = client.get(f"{API}{path}{sep}offset={whole['count']}").json()
    assert (none["count"], none["items"]) == (whole["count"], [])
    first = client.get(f"{API}{path}{sep}limit=1").json()
    assert (first["count"], len(first["items"])) == (whole["count"], 1)


def test_the_openapi_names_the_choices(client, world):
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name, field in [
        ("SessionOut", "state"),
        ("MotionOut", "state"),
        ("VoteOut", "state"),
        ("LeaveOut", "state"),
    ]:
        prop = schemas[name]["properties"][field]
        ref = prop.get("$ref") or prop.get("allOf", [{}])[0].get("$ref", "")
        assert schemas[ref.rsplit("/", 1)[-1]].get("enum"), (name, prop)
