"""An API call with no signed-in session and no valid token answers 401 with a Chinese message (translated
for an English reader), JSON like every other error — not ninja's English "Unauthorized"."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("get", "/api/v1/core/notifications", {}),
        ("post", "/api/v1/core/notifications/read-all", {}),
        ("get", "/api/v1/core/notifications", {"HTTP_AUTHORIZATION": "Bearer nope"}),
    ],
)
def test_unauthenticated_api_calls_are_401_with_a_chinese_json_message(db, method, path, headers):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, content_type="application/json", **headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "请先登录"}


def test_the_401_message_is_translated_for_an_english_reader(db):
    response = Client().get("/api/v1/core/notifications", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (401, {"detail": "Please sign in first"})
