"""The appeals list through the API is paginated: a count and one page of items, never the whole table."""

from __future__ import annotations

from django_scopes import scopes_disabled

from renda.receptions.models import Appeal


def test_appeal_list_is_paginated(client, world):
    client.force_login(world.a.users["town_staff"])
    with scopes_disabled():  # test inspection
        mine = Appeal.objects.filter(town=world.a.town).count()
    everything = client.get("/api/v1/receptions/appeals").json()
    assert everything["count"] == mine and len(everything["items"]) == mine
    first = client.get("/api/v1/receptions/appeals", {"limit": 1}).json()
    assert (first["count"], len(first["items"])) == (mine, 1)
    beyond = client.get("/api/v1/receptions/appeals", {"limit": 1, "offset": mine}).json()
    assert (beyond["count"], beyond["items"]) == (mine, [])
    assert {i["town_id"] for i in everything["items"]} == {world.a.town.pk}
