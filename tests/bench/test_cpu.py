"""`python -m bench cpu` at the smallest size: one round, one request a page; the table lists every page."""

from __future__ import annotations

import pytest
from bench.load import FLOOR
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from bench import cpu
from renda.seeding import generate, registry_rows


@pytest.mark.django_db
def test_cpu_table_has_every_page_and_its_ratio_to_the_floor(monkeypatch):
    # The handler's close_old_connections would close the test's transaction (as the test client, it is
    # disconnected here; the benchmark itself runs in autocommit and keeps it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _check(monkeypatch)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _check(monkeypatch):
    monkeypatch.setitem(generate.SCALES, "district", generate.Scale(*cpu.TINY))
    monkeypatch.setattr(registry_rows, "SEATS_PER_TOWN", (4, 6))
    call_command("seed", "--scale", "district", "--seed", "3", "--jobs", "1")
    rows = cpu.run(rounds=1, requests=1)
    names = [r["page"] for r in rows]
    assert names == [
        FLOOR,
        cpu.BARE,
        "town dashboard",
        "deputies list ?level=town",
        "deputy page",
        "suggestions ?q=路灯",
        "suggestion page",
        "appeals list",
        "district overview",
        "reports dashboard",
        "reports town dashboard",
        "API report figures",
        "API mandates",
        "API suggestions",
        "API appeals",
    ]
    assert [r["status"] for r in rows] == [200] * len(rows)
    assert rows[0]["ratio"] == 1.0
    lines = cpu.table(rows, rounds=1, requests=1).splitlines()
    assert lines[2] == "| page | CPU ms | queries | × floor |"
    body = lines[4:]
    assert [line.split(" | ")[0].removeprefix("| ") for line in body] == names
    assert all(len(line.strip("|").split("|")) == 4 for line in body)
