"""Per-request CPU benchmark: every page of the load benchmark through Django's real WSGI handler, in process.

Each request is a WSGI call of `django.core.handlers.wsgi.WSGIHandler` with a real session cookie (the user
signed in through `Client.force_login`, the cookie sent in HTTP_COOKIE), timed with `time.process_time` (this
process's CPU, so other load on the machine moves it little) and its SQL statements counted with an
execute_wrapper. Rounds are interleaved: each round runs every page `--requests` times in turn, and the table
shows each page's median over the rounds of its mean per request, beside

- the FLOOR, the lightest signed-in page (`GET /api/v1/core/notifications/unread-count`: the session, the user,
  the grants and one small count), and
- BARE, a bare Django view behind the same middleware that only loads the session user
  (`request.user.username`),

with every page's ratio to the floor. Seeds a small world first (`--scale=tiny`: one district, 120 suggestions
and 200 appeals, about a minute; or district/city from bench.load) into /tmp/renda-cpu-<scale>/ on SQLite,
or DATABASE_URL's server with --db=postgres; `--reuse` keeps it.

    python -m bench cpu --scale=tiny --rounds=7 --requests=20
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BARE = "bare Django view (session user)"
TINY = ("320509", 120, 200)  # a district's towns with few records: seeds in about a minute


def _opts(argv: list[str]) -> dict:
    opts = {
        "scale": "tiny",
        "db": "sqlite",
        "rounds": 7,
        "requests": 20,
        "reuse": False,
        "seed": 1,
        "child": False,
    }
    for arg in argv:
        key, eq, value = arg.lstrip("-").partition("=")
        key = key.replace("-", "_")
        if key in opts:
            opts[key] = True if not eq and isinstance(opts[key], bool) else type(opts[key])(value)
    return opts


def main(argv: list[str]) -> int:
    opts = _opts(argv)
    if opts["child"]:
        return child(opts)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renda.settings", "DEBUG": "0"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO), env.get("PYTHONPATH", "")])
    var = Path(f"/tmp/renda-cpu-{opts['scale']}{'-pg' if opts['db'] == 'postgres' else ''}")
    env["RENDA_VAR_DIR"] = str(var)
    if opts["db"] == "postgres":
        import psycopg

        base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
        if not base.startswith("postgres"):
            base = "postgres://postgres@127.0.0.1:5432/"
        name = f"renda_cpu_{opts['scale']}"
        env["DATABASE_URL"] = base.rsplit("/", 1)[0] + f"/{name}"
        with psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and not opts["reuse"]:
                conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
            if not exists or not opts["reuse"]:
                conn.execute(f"CREATE DATABASE {name}")
            seeded = bool(exists and opts["reuse"])
    else:
        env.pop("DATABASE_URL", None)
        seeded = (var / "renda.sqlite3").exists() and opts["reuse"]
        if not seeded:
            for f in var.glob("renda.sqlite3*"):
                f.unlink()
    var.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "bench.cpu", "--child", *argv]
    if not seeded:
        args.append("--seed-now")
    return subprocess.call(args, env=env, cwd=REPO)


def _seed(scale: str, seed: int) -> None:
    from django.core.management import call_command

    from renda.seeding import generate, registry_rows

    if scale == "tiny":  # the district's towns with few records (as tests/bench/test_seed.py does)
        generate.SCALES["district"] = generate.Scale(*TINY)
        registry_rows.SEATS_PER_TOWN = (4, 6)
    call_command(
        "seed", "--scale", "district" if scale == "tiny" else scale, "--seed", str(seed), "--jobs", "1"
    )


def child(opts: dict) -> int:
    import django

    django.setup()
    if "--seed-now" in sys.argv:
        print(f"seeding {opts['scale']} …", flush=True)
        started = time.perf_counter()
        _seed(opts["scale"], opts["seed"])
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    rows = run(rounds=opts["rounds"], requests=opts["requests"])
    print(table(rows, rounds=opts["rounds"], requests=opts["requests"]))
    return 0 if all(r["status"] == 200 for r in rows) else 1


# ------------------------------------------------------------------------------------------ measuring


def bare_view(request):
    from django.http import HttpResponse

    return HttpResponse(request.user.username if request.user.is_authenticated else "")


def run(*, rounds: int, requests: int) -> list[dict]:
    """Every page's median per-request CPU (ms) and its queries; the database must hold a seeded world."""
    from django.conf import settings
    from django.test.utils import override_settings

    # The project's URLs and the bare view; RequestFactory's host.
    with override_settings(
        ROOT_URLCONF="bench.cpu_urls", ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]
    ):
        return _run(rounds=rounds, requests=requests)


def _run(*, rounds: int, requests: int) -> list[dict]:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client, RequestFactory

    from bench.load import FLOOR, _targets
    from renda.core.models import User

    users, pages = _targets()
    pages = [pages[0], (BARE, "staff", "/bench/bare"), *pages[1:]]
    cookies = {}
    for who, username in users.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        name = settings.SESSION_COOKIE_NAME
        cookies[who] = f"{name}={client.cookies[name].value}"
    handler = WSGIHandler()
    factory = RequestFactory()
    counter = [0]

    def count(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    def call(who: str, path: str) -> tuple[int, int, float]:
        target, _q, query = path.partition("?")
        environ = factory.get(target, secure=settings.SESSION_COOKIE_SECURE).environ
        environ.update({"QUERY_STRING": query, "HTTP_COOKIE": cookies[who]})
        status = []
        counter[0] = 0
        started = time.process_time()
        with connection.execute_wrapper(count):
            response = handler(environ, lambda s, _h, *_a: status.append(s))
            b"".join(response)
            response.close()
        return int(status[0].split()[0]), counter[0], (time.process_time() - started) * 1000

    for _name, who, path in pages:  # warm: imports, templates, URL resolvers, the cache
        call(who, path)
        call(who, path)
    samples: dict[str, list[float]] = {name: [] for name, _w, _p in pages}
    result = {name: (0, 0) for name, _w, _p in pages}
    for r in range(rounds):
        order = pages[r % len(pages) :] + pages[: r % len(pages)]  # each round starts at another page
        for name, who, path in order:
            spent = 0.0
            for _i in range(requests):
                status, queries, ms = call(who, path)
                spent += ms
            samples[name].append(spent / requests)
            result[name] = (status, queries)
    floor = statistics.median(samples[FLOOR])
    return [
        {
            "page": name,
            "ms": statistics.median(samples[name]),
            "queries": result[name][1],
            "status": result[name][0],
            "ratio": statistics.median(samples[name]) / floor if floor else 0.0,
        }
        for name, _w, _p in pages
    ]


def table(rows: list[dict], *, rounds: int, requests: int) -> str:
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    head = (
        f"per-request CPU (time.process_time), median of {rounds} interleaved rounds × {requests} requests; "
        f"{connection.vendor}, CONN_MAX_AGE={db.get('CONN_MAX_AGE')}, sessions {settings.SESSION_ENGINE}, "
        f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    lines = [head, "", "| page | CPU ms | queries | × floor |", "|---|---:|---:|---:|"]
    for r in rows:
        status = "" if r["status"] == 200 else f" (HTTP {r['status']})"
        lines.append(f"| {r['page']}{status} | {r['ms']:.2f} | {r['queries']} | {r['ratio']:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
