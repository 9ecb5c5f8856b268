"""Isolation: walks every URL pattern and every API operation the project has (discovered from the
URLconf and the OpenAPI schema, so later modules are covered without editing this test).

- a user of town A gets 404 for each object of town B (and of district Y's town C);
- district X's staff get 404 for district Y's objects, and can open district X's;
- anonymous users are sent to login (pages) or get 401 (API), except the public pages;
- API list operations never return another town's rows.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from factories import PASSWORD

SKIP_PREFIXES = ("admin/", "api/v1/", "i18n/", "static/", "media/", "__debug__/")
ROLES_IN_TOWN_A = ["town_staff", "deputy", "presidium", "unit_clerk", "petitions", "discipline"]


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p, namespace


def page_patterns():
    out = []
    for route, pattern, ns in _walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or not pattern.name:
            continue
        out.append(pytest.param(route, pattern, ns, id=f"{ns}{pattern.name}"))
    return out


def model_of(callback):
    model = getattr(callback, "model", None)
    if model is None and hasattr(callback, "view_class"):
        model = callback.view_initkwargs.get("model") or getattr(callback.view_class, "model", None)
    return model


def is_public(callback) -> bool:
    return bool(
        getattr(callback, "public", False) or getattr(getattr(callback, "view_class", None), "public", False)
    )


def fill(route: str, pk: int | None) -> str:
    """Turn a route into a path, with `pk` for <int:pk> (the only path parameter pages may have), and an
    unknown secret for <token> (the calendar feed: public, its token names the user; tests/feeds checks it)."""
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    assert set(params) <= {"pk", "token"}, (
        f"{route}: page path parameters other than pk need handling in this test"
    )
    route = re.sub(r"<(?:\w+:)?token>", "not-a-token", route)
    return "/" + re.sub(r"<(?:\w+:)?pk>", str(pk), route)


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def request(client, path):
    """GET a page; a POST-only view gets a POST (an empty one: access is decided before the form)."""
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    return response


@pytest.fixture
def world(shared_world, db):
    return shared_world


@pytest.mark.parametrize(("route", "pattern", "ns"), page_patterns())
def test_pages_are_isolated(client, world, route, pattern, ns):
    callback = pattern.callback
    needs_pk = "pk>" in route
    model = model_of(callback) if needs_pk else None
    if needs_pk:
        assert model is not None, (
            f"{ns}{pattern.name}: give the view a `model` so the isolation test knows its objects"
        )
        key = label(model)
        assert key in world.b.objects, f"{key}: add a record of it to WORLD_BUILDERS in tests/factories.py"

    # Anonymous: to login, unless public.
    path_b = fill(route, world.b.objects[label(model)].pk if needs_pk else None)
    response = request(client, path_b)
    if not is_public(callback):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
            path_b,
            response.status_code,
        )

    if is_public(callback):
        # Public pages (portal) show what is published for everyone; they address records by code, and
        # their own tests check that nothing personal is shown.
        return

    if not needs_pk:
        for role in ROLES_IN_TOWN_A:
            client.force_login(world.a.users[role])
            assert request(client, path_b).status_code in (200, 302, 403, 404), (role, path_b)
        return

    # Every role of town A: 404 for town B's and town C's object.
    for role in ROLES_IN_TOWN_A:
        client.force_login(world.a.users[role])
        for other in (world.b, world.c):
            path = fill(route, other.objects[label(model)].pk)
            assert request(client, path).status_code == 404, (role, path)

    # District X's staff: 404 for district Y's object, and not 404 for their own district's.
    client.force_login(world.district_x_staff)
    assert request(client, fill(route, world.c.objects[label(model)].pk)).status_code == 404
    own = request(client, fill(route, world.b.objects[label(model)].pk))
    assert own.status_code in (200, 302), (path_b, own.status_code)


# ------------------------------------------------------------------------------------------- API


def _spec():
    from renda.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


@pytest.fixture(scope="module")
def openapi():
    return _spec()


def _resolve_ref(schema, spec):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def example(schema, spec):
    """A minimal valid value for a JSON schema, so that a body passes validation and access is what decides."""
    schema = _resolve_ref(schema, spec)
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return example(options[0], spec) if options else None
    kind = schema.get("type")
    if kind == "object":
        return {
            k: example(v, spec)
            for k, v in schema.get("properties", {}).items()
            if k in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-01-05"
    if schema.get("format") == "date-time":
        return "2026-01-05T09:00:00+08:00"
    if "enum" in schema:
        return schema["enum"][0]
    return "x"


def operations():
    spec = _spec()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            yield pytest.param(path, method, op, id=f"{method.upper()} {path}")


def call(client, spec, path, method, op, pk=None):
    url = path.replace("{pk}", str(pk)) if pk is not None else path
    body = op.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        payload = example(body["application/json"]["schema"], spec)
        return getattr(client, method)(url, payload, content_type="application/json")
    if "multipart/form-data" in body:
        return getattr(client, method)(url, {})
    return getattr(client, method)(url)


def _town_of(item: dict):
    town = item.get("town_id", item.get("town"))
    return town.get("id") if isinstance(town, dict) else town


PUBLIC_OPERATIONS = {
    ("post", "/api/v1/auth/token"),
    # Open data: public by design; tests/opendata checks that each town's answer holds only that town.
    ("get", "/api/v1/ocd/town"),
    ("get", "/api/v1/open311/v2/services.json"),
    ("get", "/api/v1/open311/v2/requests.json"),
}


@pytest.mark.parametrize(("path", "method", "op"), list(operations()))
def test_api_is_isolated(client, world, openapi, path, method, op):
    params = re.findall(r"{(\w+)}", path)
    assert set(params) <= {"pk"}, f"{path}: path parameters other than pk need handling in this test"
    model = None
    if params:
        key = op.get("x-renda-model")
        assert key, f"{method.upper()} {path}: declare openapi_extra={{'x-renda-model': 'app.model'}}"
        model = apps.get_model(key)
        assert key in world.b.objects, f"{key}: add a record of it to WORLD_BUILDERS in tests/factories.py"

    if (method, path) in PUBLIC_OPERATIONS:
        return
    b_pk = world.b.objects[label(model)].pk if model else None
    assert call(client, openapi, path, method, op, b_pk).status_code == 401

    if model is None:
        # Lists: town A's users never receive a row of another town.
        if method != "get":
            return
        foreign = {world.b.town.pk, world.c.town.pk}
        for role in ROLES_IN_TOWN_A:
            client.force_login(world.a.users[role])
            response = call(client, openapi, path, method, op)
            if response.status_code != 200 or not response.headers.get("Content-Type", "").startswith(
                "application/json"
            ):
                continue
            data = response.json()
            items = data.get("items", []) if isinstance(data, dict) else data
            items = [i for i in items if isinstance(i, dict)]
            # District-level rows (a campaign) carry their district and no town: never another district's.
            districts = {i["district"] for i in items if "district" in i and _town_of(i) is None}
            assert districts <= {world.x.pk}, (role, path, districts)
            items = [i for i in items if not ("district" in i and _town_of(i) is None)]
            towns = {_town_of(i) for i in items}
            assert not (towns & foreign), (role, path, towns)
            if role == "town_staff" and items:
                assert towns == {world.a.town.pk}, (path, towns)
        return

    for role in ROLES_IN_TOWN_A:
        client.force_login(world.a.users[role])
        for other in (world.b, world.c):
            response = call(client, openapi, path, method, op, other.objects[label(model)].pk)
            assert response.status_code == 404, (
                role,
                method,
                path,
                response.status_code,
                response.content[:200],
            )

    client.force_login(world.district_x_staff)
    assert call(client, openapi, path, method, op, world.c.objects[label(model)].pk).status_code == 404
    own = call(client, openapi, path, method, op, b_pk)
    assert own.status_code != 404, (method, path, own.content[:300])


def test_bearer_token_scopes_like_a_session(client, world):
    response = client.post(
        "/api/v1/auth/token",
        {"username": world.a.users["town_staff"].username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    mine = world.a.objects["registry.person"].pk
    theirs = world.b.objects["registry.person"].pk
    assert client.get(f"/api/v1/registry/persons/{mine}", **auth).status_code == 200
    assert client.get(f"/api/v1/registry/persons/{theirs}", **auth).status_code == 404
    assert client.get("/api/v1/registry/persons", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    bad = client.post(
        "/api/v1/auth/token", {"username": "nobody", "password": "x"}, content_type="application/json"
    )
    assert bad.status_code == 401
