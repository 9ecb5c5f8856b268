"""Schemathesis over the whole OpenAPI of /api/v1/, as town A's staff with a bearer token: every operation,
valid and invalid input, a few examples each, and no answer may be a server error (5xx).

The schema is the app's own (`renda.api.api`), the requests go through the real WSGI stack (middleware,
auth, town scope) into the test database. Examples are derandomized so CI sees the same cases each run."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from factories import PASSWORD
from renda.api import api
from renda.core.services import api_token_create

# Bounded in time (about two minutes on SQLite): the coverage phase sends each operation's boundary and
# out-of-range values (2^63, -1, wrong types) but no unexpected HTTP methods; fuzzing adds a few random cases.
CONFIG = schemathesis.Config.from_dict(
    {"phases": {"coverage": {"unexpected-methods": []}}, "generation": {"max-examples": 4}}
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"), config=CONFIG)
APP = get_wsgi_application()
# The token operation is public and its 401s are the expected answer to wrong passwords; it is fuzzed too.


@pytest.fixture(scope="module")
def staff_token(shared_world, django_db_blocker):
    with django_db_blocker.unblock():
        return api_token_create(username=shared_world.a.users["town_staff"].username, password=PASSWORD)


@pytest.fixture
def auth(staff_token, db):
    """The bearer header; the WSGI handler's end-of-request connection close is held off, as Django's test
    client does, so that every request runs inside the test's transaction (PostgreSQL would lose it)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {staff_token}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error(case, auth):
    response = case.call(app=APP, headers=auth)
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error], headers=auth)
