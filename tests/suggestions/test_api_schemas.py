"""The suggestion API answers with typed schemas: choice fields are enums in the OpenAPI document, and every
read endpoint's answer validates against its schema."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scopes_disabled

from renda.suggestions import services
from renda.suggestions.models import State
from suggestions.helpers import drive, make_suggestion

API = "/api/v1/suggestions"


def test_openapi_names_the_choices(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert set(schemas["State"]["enum"]) == set(State.values)
    assert set(schemas["Score"]["enum"]) == {"satisfied", "basically", "unsatisfied", "no_view"}
    for path, ops in doc["paths"].items():
        if not path.startswith(API):
            continue
        for op in ops.values():
            for status, answer in op.get("responses", {}).items():
                content = answer.get("content", {}).get("application/json")
                if content:  # a typed schema, never a bare object
                    assert content["schema"] != {"type": "object"}, (path, status)
                    assert content["schema"].get("additionalProperties") is None, (path, status)


def test_the_read_endpoints_answer_in_their_schemas(client, world):
    tw = world.a
    staff, person = tw.users["town_staff"], tw.objects["registry.person"]
    s = drive(tw, make_suggestion(tw), "replied")
    with scopes_disabled():  # test set-up
        services.suggestion_key_set(suggestion=s, is_key=True, supervisors=[person], actor=staff)
    client.force_login(staff)
    year = timezone.localdate().year
    for url in [
        f"{API}?limit=5",
        f"{API}/{s.pk}",
        f"{API}/{s.pk}/history",
        f"{API}/{s.pk}/similar",
        f"{API}/{s.pk}/supervisor-candidates",
        f"{API}/{s.pk}/clocks",
        f"{API}/report?year={year}&town_id={tw.town.pk}",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content)
    r = client.post(
        f"{API}/key-notices", {"town_id": tw.town.pk, "year": year}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["count"] == 2  # the world's key suggestion and this one
    detail = client.get(f"{API}/{s.pk}").json()
    assert (detail["state"], detail["is_key"], detail["supervisors"]) == (State.REPLIED, True, [person.pk])
