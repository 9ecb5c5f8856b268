"""Deadline sweep benchmark.

Stores N clocks (default one million) of which 1 % have a reminder due today, times the sweep (which sends
those reminders, inserts the reminder log and the inbox notifications), then stores ten times more clocks
that are not due and times the same sweep again. The sweep reads the partial index on `next_reminder_on`,
so its time follows the number of clocks due, not the number stored.

Runs on SQLite (a fresh file under var/bench/) and on PostgreSQL (a database `renda_bench` on the server of
BENCH_DATABASE_URL or DATABASE_URL, default postgres://postgres@127.0.0.1:5432/). Each backend runs in its own
process, because Django reads its database from the environment once.

    python -m bench deadlines --clocks=1000000 --factor=10 --backends=sqlite,postgres
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 1)
KIND = "bench.reply"
TOWNS = 10


def _opts(argv: list[str]) -> dict:
    opts = {"clocks": 1_000_000, "factor": 10, "due_share": 0.01, "backends": "sqlite,postgres", "runs": 3}
    for arg in argv:
        key, _, value = arg.lstrip("-").partition("=")
        key = key.replace("-", "_")
        if key in opts:
            opts[key] = type(opts[key])(value)
    return opts


# ----------------------------------------------------------------------------------------- parent


def _pg_url() -> str | None:
    base = (
        os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or "postgres://postgres@127.0.0.1:5432/"
    )
    if not base.startswith("postgres"):
        base = "postgres://postgres@127.0.0.1:5432/"
    try:
        import psycopg
    except ImportError:
        return None
    server = base.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS renda_bench WITH (FORCE)")
            conn.execute("CREATE DATABASE renda_bench")
    except Exception as exc:  # no server: the PostgreSQL row is skipped
        print(f"PostgreSQL not available ({exc.__class__.__name__}); skipped", flush=True)
        return None
    return base.rsplit("/", 1)[0] + "/renda_bench"


def main(argv: list[str]) -> int:
    if "--child" in argv:
        return _child(_opts(argv))
    opts = _opts(argv)
    rows = []
    for backend in opts["backends"].split(","):
        env = {**os.environ, "HUEY_IMMEDIATE": "1", "LOG_LEVEL": "WARNING"}
        env.pop("REDIS_URL", None)
        if backend == "sqlite":
            path = REPO / "var" / "bench" / "deadlines.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{path}"
        elif backend == "postgres":
            url = _pg_url()
            if url is None:
                continue
            env["DATABASE_URL"] = url
        else:
            print(f"unknown backend {backend}", file=sys.stderr)
            return 2
        env["RENDA_VAR_DIR"] = str(REPO / "var" / "bench")
        print(f"-- {backend}", flush=True)
        # Stream the child's progress; its JSON lines are the figures.
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench", "deadlines", "--child", *argv],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in proc.stdout:
            if line.startswith("{"):
                rows.append({"backend": backend, **json.loads(line)})
            else:
                print(line, end="", flush=True)
        proc.wait()
        if proc.returncode:
            return proc.returncode
    if rows:
        print()
        print(
            f"{'backend':<10} {'stored clocks':>14} {'due':>8} {'reminders':>10} {'sweep s (median)':>17} {'runs':>20}"
        )
        for r in rows:
            runs = ", ".join(f"{t:.2f}" for t in r["times"])
            print(
                f"{r['backend']:<10} {r['stored']:>14,} {r['due']:>8,} {r['reminders']:>10,} "
                f"{statistics.median(r['times']):>17.2f} {runs:>20}"
            )
        for backend in {r["backend"] for r in rows}:
            mine = [r for r in rows if r["backend"] == backend]
            if len(mine) == 2:
                a, b = (statistics.median(r["times"]) for r in mine)
                print(
                    f"{backend}: {mine[1]['stored'] / mine[0]['stored']:.1f}× the stored clocks → {b / a:.2f}× the sweep time"
                )
    return 0


# ------------------------------------------------------------------------------------------ child


def _child(opts: dict) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    _world()
    print(f"migrated and set up in {time.perf_counter() - t0:.1f}s", flush=True)

    n = opts["clocks"]
    due_every = round(1 / opts["due_share"])
    t0 = time.perf_counter()
    _insert(0, n, due_every)
    _analyze(connection)
    print(f"stored {n:,} clocks ({n // due_every:,} due) in {time.perf_counter() - t0:.1f}s", flush=True)
    _measure(n, n // due_every, opts["runs"])

    more = n * opts["factor"] - n
    if more > 0:
        t0 = time.perf_counter()
        step = 1_000_000
        for start in range(n, n + more, step):
            _insert(start, min(start + step, n + more), None)
            print(f"  … {min(start + step, n + more):,} stored ({time.perf_counter() - t0:.0f}s)", flush=True)
        _analyze(connection)
        print(f"stored {more:,} more clocks, none due, in {time.perf_counter() - t0:.1f}s", flush=True)
        _measure(n + more, n // due_every, opts["runs"])
    _plan(connection)
    return 0


def _world() -> None:
    from django_scopes import scopes_disabled

    from renda.core.deadlines.models import ReminderRule
    from renda.core.enums import Role
    from renda.core.models import District, RoleGrant, Town, User

    # Set-up across towns, as a command would.
    with scopes_disabled():
        district = District.objects.create(code="320509", name="吴江区")
        for i in range(TOWNS):
            town = Town.objects.create(district=district, code=f"320509{100 + i:03d}000", name=f"镇{i}")
            user = User.objects.create(username=f"staff{i}", display_name=f"工作人员{i}")
            RoleGrant.objects.create(user=user, role=Role.TOWN_STAFF, district=district, town=town)
        ReminderRule.objects.create(
            code=f"{KIND}.today", kind=KIND, offset_days=0, recipients=["town_staff"], template="due_today"
        )


def _insert(start: int, end: int, due_every: int | None) -> None:
    """Clocks start..end-1 in one INSERT … SELECT: with due_every, every due_every-th is due today; the others
    are half stopped (no reminder left) and half running with their reminder 30–330 days ahead."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from renda.core.models import Town

    ct = ContentType.objects.get_for_model(Town).pk
    town0 = Town.objects.order_by("pk").values_list("pk", flat=True).first()
    today = TODAY.isoformat()
    pg = connection.vendor == "postgresql"
    due = f"(i % {due_every} = 0)" if due_every else "false"

    def day(expr_days: str) -> str:
        return (
            f"(DATE '{today}' + ({expr_days})::int)" if pg else f"date('{today}', ({expr_days}) || ' days')"
        )

    future = day("30 + i % 300")
    cols = (
        "town_id, content_type_id, object_id, subject_repr, link, kind, rule_code, rule_unit, rule_amount, "
        "start_date, due_date, calendar_uncertain, paused_days, extended_days, reminded_through, "
        "next_reminder_on, stopped_at, created_at"
    )
    select = f"""
        {town0} + i % {TOWNS}, {ct}, CAST(i AS TEXT), 'bench ' || CAST(i AS TEXT), '', '{KIND}', '{KIND}', 'days', 30,
        {day("-30")},
        CASE WHEN {due} THEN {day("0")} ELSE {future} END,
        false, 0, 0,
        {day("-31")},
        CASE WHEN {due} THEN {day("0")} WHEN i % 2 = 0 THEN NULL ELSE {future} END,
        CASE WHEN {due} OR i % 2 = 1 THEN NULL ELSE {"now()" if pg else "datetime('now')"} END,
        {"now()" if pg else "datetime('now')"}
    """
    if pg:
        sql = f"INSERT INTO core_clock ({cols}) SELECT {select} FROM generate_series({start}, {end - 1}) AS s(i)"
    else:
        # SQLite: the recursive CTE goes after INSERT … for an INSERT … SELECT.
        sql = (
            f"INSERT INTO core_clock ({cols}) WITH RECURSIVE s(i) AS (SELECT {start} UNION ALL "
            f"SELECT i + 1 FROM s WHERE i < {end - 1}) SELECT {select} FROM s"
        )
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)


def _analyze(connection) -> None:
    """Fresh statistics; on SQLite also fold the write-ahead log into the file, so that the next sweep
    does not pay for checkpointing millions of freshly inserted rows."""
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cur.execute("CHECKPOINT")


def _reset() -> None:
    """Undo a sweep: the due clocks are due again, their log and notifications gone."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_notification")
        cur.execute("DELETE FROM core_reminderlog")
        cur.execute(
            "UPDATE core_clock SET reminded_through = %s, next_reminder_on = %s WHERE due_date = %s",
            [TODAY - dt.timedelta(days=1), TODAY, TODAY],
        )


def _measure(stored: int, due: int, runs: int) -> None:
    from django_scopes import scopes_disabled

    from renda.core.deadlines.sweep import deadlines_sweep

    times, reminders = [], 0
    for _ in range(runs):
        _reset()
        # The sweep is a background job over all towns.
        with scopes_disabled():
            t0 = time.perf_counter()
            result = deadlines_sweep(today=TODAY)
            times.append(time.perf_counter() - t0)
        reminders = result.reminders
        assert result.clocks == due, (result.clocks, due)
        with scopes_disabled():
            assert deadlines_sweep(today=TODAY).reminders == 0  # nothing twice
    print(f"sweep over {stored:,} stored clocks: {', '.join(f'{t:.2f}s' for t in times)}", flush=True)
    print(json.dumps({"stored": stored, "due": due, "reminders": reminders, "times": times}), flush=True)


def _plan(connection) -> None:
    from renda.core.deadlines.models import Clock

    qs = Clock.unscoped.filter(next_reminder_on__lte=TODAY).order_by("next_reminder_on", "id")[:500]
    print("query plan of the sweep's batch query:", flush=True)
    for line in qs.explain().splitlines():
        print("   ", line, flush=True)
