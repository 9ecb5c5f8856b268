"""The portal's limits hold across web processes (issue 11): counters and used challenges live in the shared
cache (the database without Redis, Redis with it), the client's address comes from the trusted proxy header
when one is configured, and a challenge answers once."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django_scopes import scopes_disabled

from portal.helpers import appeal_post, solve
from renda.portal import services as portal
from renda.receptions import services
from renda.receptions.models import Appeal

pytestmark = pytest.mark.django_db  # the autouse cache reset reaches the cache table


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _post_url(tw):
    with scopes_disabled():  # test set-up
        return f"/p/appeal/?place={services.place_code_for(liaison_post=tw.objects['registry.liaisonpost']).token}"


def _appeals() -> int:
    with scopes_disabled():  # test reads
        return Appeal.objects.count()


def another_process(monkeypatch):
    """What a second web process has: its own, freshly made cache client (no state shared in memory)."""
    fresh = caches.create_connection("default")
    monkeypatch.setattr(portal, "cache", fresh)
    return fresh


def test_the_default_cache_is_shared_not_per_process(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def _limits_hold_across_processes(client, world, settings, monkeypatch):
    settings.RENDA = {**settings.RENDA, "APPEAL_RATE_PER_IP": (5, 3600), "TRACK_FAILURES_PER_IP": (10, 3600)}
    url = _post_url(world.a)
    before = _appeals()
    for i in range(3):
        assert appeal_post(client, url, phone=f"1380000010{i}", ip="10.1.1.1").status_code == 302
    another_process(monkeypatch)
    for i in range(3, 5):
        assert appeal_post(client, url, phone=f"1380000010{i}", ip="10.1.1.1").status_code == 302
    sixth = appeal_post(client, url, phone="13800000109", ip="10.1.1.1")
    assert "提交过于频繁" in sixth.content.decode()
    assert _appeals() == before + 5
    # Tracking: ten wrong guesses spread over two processes lock the eleventh try, even a right one.
    appeal = world.a.objects["receptions.appeal"]
    for n in range(10):
        if n == 5:
            another_process(monkeypatch)
        wrong = client.post("/p/track/", {"code": "ZZZZZZZZZZ", "last4": "1234"}, REMOTE_ADDR="10.2.2.2")
        assert "查询失败次数过多" not in wrong.content.decode()
    blocked = client.post(
        "/p/track/", {"code": appeal.tracking_code, "last4": "5678"}, REMOTE_ADDR="10.2.2.2"
    )
    assert blocked.context["appeal"] is None
    assert "查询失败次数过多" in blocked.content.decode()


def test_limits_hold_across_processes(client, world, settings, monkeypatch):
    _limits_hold_across_processes(client, world, settings, monkeypatch)


@pytest.mark.redis
def test_limits_hold_across_processes_on_redis(client, world, settings, monkeypatch):
    url = os.environ.get("RENDA_TEST_REDIS_URL") or os.environ["REDIS_URL"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    caches["default"].clear()
    monkeypatch.setattr(portal, "cache", caches.create_connection("default"))
    try:
        _limits_hold_across_processes(client, world, settings, monkeypatch)
    finally:
        caches.create_connection("default").clear()


def test_a_challenge_answers_once_even_in_another_process(client, world, monkeypatch):
    url = _post_url(world.a)
    token, answer = solve(client.get(url).content.decode())
    portal.challenge_check(token=token, answer=answer)
    with pytest.raises(portal.ValidationError) as replay:
        portal.challenge_check(token=token, answer=answer)
    assert replay.value.messages == ["验证题已使用过，请刷新页面后重新填写验证题"]
    another_process(monkeypatch)
    with pytest.raises(portal.ValidationError):
        portal.challenge_check(token=token, answer=answer)
    # Through the form: the same filled-in form sent twice saves one appeal.
    token, answer = solve(client.get(url).content.decode())
    data = {
        "content": "路灯坏了",
        "category": "roads",
        "citizen_name": "王小明",
        "citizen_phone": "13912340000",
        "challenge": token,
        "answer": answer,
    }
    before = _appeals()
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200
    assert "验证题已使用过" in again.content.decode()
    assert _appeals() == before + 1


def _request(**meta):
    return RequestFactory().get("/p/track/", **meta)


def test_the_client_address_behind_a_trusted_proxy(settings):
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}
    settings.TRUSTED_PROXY_HEADER = ""
    assert portal.client_address(_request(**forwarded)) == "127.0.0.1"  # unset: the direct peer
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_HOPS = 1
    # The entry our proxy appended, not the one the client wrote itself.
    assert portal.client_address(_request(**forwarded)) == "203.0.113.7"
    settings.TRUSTED_PROXY_HOPS = 2
    assert portal.client_address(_request(**forwarded)) == "6.6.6.6"
    settings.TRUSTED_PROXY_HOPS = 3  # fewer entries than proxies: not through the chain
    assert portal.client_address(_request(**forwarded)) == "127.0.0.1"
    settings.TRUSTED_PROXY_HOPS = 1
    assert portal.client_address(_request(REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_citizens_behind_the_proxy_get_their_own_buckets(client, world, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_HOPS = 1
    settings.RENDA = {**settings.RENDA, "TRACK_FAILURES_PER_IP": (2, 3600)}
    appeal = world.a.objects["receptions.appeal"]

    def track(last4, citizen):
        return client.post(
            "/p/track/",
            {"code": appeal.tracking_code, "last4": last4},
            REMOTE_ADDR="127.0.0.1",  # every request comes from the proxy
            HTTP_X_FORWARDED_FOR=citizen,
        )

    for _ in range(2):
        track("0000", "198.51.100.1")
    assert "查询失败次数过多" in track("5678", "198.51.100.1").content.decode()
    # Another citizen through the same proxy is not locked out.
    assert track("5678", "198.51.100.2").context["appeal"].pk == appeal.pk
    # Nor can the first get round the lock by writing a header of its own in front.
    assert "查询失败次数过多" in track("5678", "1.2.3.4, 198.51.100.1").content.decode()
