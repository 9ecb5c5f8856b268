"""The site's absolute address (renda.core.site): RENDA_SITE_URL, else the request's, else the address the
server was started with."""

from __future__ import annotations

import os

from django.core import mail
from django.test import RequestFactory

from renda.core import site
from renda.core.management.commands.serve import Command as ServeCommand
from renda.core.notifications.models import Notification
from renda.core.notifications.services import notification_deliver


def test_configured_address_comes_first(settings):
    settings.RENDA = {**settings.RENDA, "SITE_URL": "https://renda.example.cn/"}
    request = RequestFactory().get("/", HTTP_HOST="localhost:8123")
    assert (site.site_url(request), site.absolute("/p/")) == (
        "https://renda.example.cn",
        "https://renda.example.cn/p/",
    )


def test_unset_address_comes_from_the_request_then_the_served_address(settings, monkeypatch):
    settings.RENDA = {**settings.RENDA, "SITE_URL": ""}
    monkeypatch.delenv(site.SERVED_URL_ENV, raising=False)
    request = RequestFactory().get("/", HTTP_HOST="localhost:8123")
    assert site.site_url(request) == "http://localhost:8123"
    assert site.absolute("/p/") == "http://127.0.0.1:8000/p/"
    monkeypatch.setenv(site.SERVED_URL_ENV, site.served_url("0.0.0.0", 8765))
    assert site.absolute("/p/") == "http://127.0.0.1:8765/p/"
    assert site.absolute("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_served_url_names_the_bound_address():
    assert [site.served_url(h, 9001) for h in ["127.0.0.1", "0.0.0.0", "::1", "renda.local"]] == [
        "http://127.0.0.1:9001",
        "http://127.0.0.1:9001",
        "http://[::1]:9001",
        "http://renda.local:9001",
    ]


def test_serve_passes_its_address_to_its_processes(settings, monkeypatch, capsys):
    """`renda serve --port N` prints and hands the worker (outside any request) the address on port N."""
    settings.RENDA = {**settings.RENDA, "SITE_URL": ""}
    monkeypatch.setenv(
        site.SERVED_URL_ENV, "http://before"
    )  # the command's os.environ change is undone after
    started = []

    class Child:
        def __init__(self, args):
            started.append(args)

        def poll(self):
            return 0

        def wait(self, timeout=None):
            return 0

        def terminate(self):
            pass

    monkeypatch.setattr("renda.core.management.commands.serve.subprocess.Popen", Child)
    monkeypatch.setattr("renda.core.management.commands.serve.signal.signal", lambda *a: None)
    cmd = ServeCommand()
    cmd.handle(host="127.0.0.1", port=8765, with_worker=True, workers=1, threads=1)

    assert os.environ[site.SERVED_URL_ENV] == "http://127.0.0.1:8765"
    assert "Renda: http://127.0.0.1:8765/" in capsys.readouterr().out
    assert len(started) == 2
    assert site.absolute("/p/") == "http://127.0.0.1:8765/p/"


def test_email_link_outside_a_request_uses_the_served_address(settings, monkeypatch, shared_world, db):
    settings.RENDA = {**settings.RENDA, "SITE_URL": ""}
    monkeypatch.setenv(site.SERVED_URL_ENV, "http://127.0.0.1:8765")
    user = shared_world.a.users["town_staff"]
    user.email, user.phone = "mailee@example.cn", ""
    note = Notification.unscoped.create(
        user=user,
        town=shared_world.a.town,
        kind="activity",
        template="digest",
        params={"count": 1},
        link="/p/",
    )
    notification_deliver(notification=note)
    assert mail.outbox[-1].body.splitlines()[-1] == "http://127.0.0.1:8765/p/"
