"""Load benchmark: seeded data, a real gunicorn server on 127.0.0.1, logged-in users at 1, 10 and 50 concurrent.

Each page's throughput is reported as a share of the FLOOR, measured in the same run: the smallest
authenticated endpoint through the same middleware and auth (`GET /api/v1/core/notifications/unread-count`,
one small query). Latency p50/p95/p99 from a closed loop (each connection sends its next request when the last
one is answered) for a fixed time per page and concurrency, driven by Debian's wrk (C; installed with apt when
missing; each wrk thread is one logged-in user's session) so that the load generator takes little of the cores
the server runs on; `--client=python` uses Python threads instead (bounded by --requests too). Queries per request
are counted in-process (django.test.Client + CaptureQueriesContext, one request per page); the web workers'
peak memory is VmHWM from /proc at the end; the sweep (`renda sweep`) is timed once.

    python -m bench load --scale=district --db=sqlite --concurrency=1,10,50 --requests=300 --seconds=20
    python -m bench load --scale=city --db=postgres      # DATABASE_URL's server, database renda_load_<scale>

Writes bench/results/<scale>-<db>.json and .md and prints the Markdown table. `--reuse` keeps a seeded
database from an earlier run (SQLite file under /tmp/renda-load-<scale>/, or the PostgreSQL database).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
FLOOR = "floor (unread count API)"


def _opts(argv: list[str]) -> dict:
    opts = {"scale": "district", "db": "sqlite", "concurrency": "1,10,50", "requests": 300, "seconds": 10.0,
            "workers": 2, "threads": 4, "reuse": False, "seed": 1, "child": False, "client": "wrk"}  # fmt: skip
    for arg in argv:
        key, eq, value = arg.lstrip("-").partition("=")
        key = key.replace("-", "_")
        if key in opts:
            opts[key] = True if not eq and isinstance(opts[key], bool) else type(opts[key])(value)
    return opts


def _env(opts: dict) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renda.settings", "DEBUG": "0"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO), env.get("PYTHONPATH", "")])
    if opts["db"] == "postgres":
        base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
        if not base.startswith("postgres"):
            base = "postgres://postgres@127.0.0.1:5432/"
        env["DATABASE_URL"] = base.rsplit("/", 1)[0] + f"/renda_load_{opts['scale']}"
        env["RENDA_VAR_DIR"] = f"/tmp/renda-load-{opts['scale']}-pg"
    else:
        env.pop("DATABASE_URL", None)
        env["RENDA_VAR_DIR"] = f"/tmp/renda-load-{opts['scale']}"
    return env


def main(argv: list[str]) -> int:
    opts = _opts(argv)
    env = _env(opts)
    var = Path(env["RENDA_VAR_DIR"])
    seeded = False
    if opts["db"] == "postgres":
        import psycopg

        server = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        name = f"renda_load_{opts['scale']}"
        with psycopg.connect(server, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and not opts["reuse"]:
                conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
            if not exists or not opts["reuse"]:
                conn.execute(f"CREATE DATABASE {name}")
            else:
                seeded = True
    else:
        db = var / "renda.sqlite3"
        if db.exists() and opts["reuse"]:
            seeded = True
        else:
            for f in var.glob("renda.sqlite3*"):
                f.unlink()
    var.mkdir(parents=True, exist_ok=True)
    seed_seconds = None
    if not seeded:
        print(f"seeding {opts['scale']} on {opts['db']} …", flush=True)
        started = time.perf_counter()
        cmd = [sys.executable, "-m", "renda", "seed", "--scale", opts["scale"], "--seed", str(opts["seed"])]
        if subprocess.call(cmd, env=env, cwd=REPO):
            return 1
        seed_seconds = time.perf_counter() - started
    elif subprocess.call([sys.executable, "-m", "renda", "migrate", "-v0"], env=env, cwd=REPO):
        return 1  # a reused database gets the migrations (indexes) added since it was seeded
    args = [sys.executable, "-m", "bench.load", "--child", *argv]
    if seed_seconds is not None:
        args.append(f"--seed-seconds={seed_seconds:.1f}")
    return subprocess.call(args, env=env, cwd=REPO)


# ------------------------------------------------------------------------------------------ child


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _targets() -> tuple[dict, list[tuple[str, str, str]]]:
    from django_scopes import scopes_disabled

    from renda.core.models import Town, User
    from renda.registry.models import Mandate
    from renda.suggestions.models import State, Suggestion

    with scopes_disabled():  # the benchmark picks its pages across towns
        town = Town.objects.filter(kind="town").order_by("code").first()
        staff = User.objects.get(username=f"staff-{town.code}")
        district = User.objects.get(username=f"district-{town.district.code}")
        mandate = Mandate.objects.filter(town=town, level="town").order_by("id").first()
        suggestion = Suggestion.objects.filter(town=town, state=State.CLOSED).order_by("-id").first()
    users = {"staff": staff.username, "district": district.username}
    word = urllib.parse.quote("路灯")
    pages = [
        (FLOOR, "staff", "/api/v1/core/notifications/unread-count"),
        ("town dashboard", "staff", f"/registry/towns/{town.pk}/"),
        ("deputies list ?level=town", "staff", "/registry/mandates/?level=town"),
        ("deputy page", "staff", f"/registry/persons/{mandate.person_id}/"),
        ("suggestions ?q=路灯", "staff", f"/suggestions/?q={word}"),
        ("suggestion page", "staff", f"/suggestions/{suggestion.pk}/"),
        ("appeals list", "staff", "/receptions/appeals/"),
        ("district overview", "district", "/registry/district/"),
        ("reports dashboard", "district", "/reports/"),
        ("reports town dashboard", "staff", f"/reports/towns/{town.pk}/"),
        ("API report figures", "district", "/api/v1/reports/figures"),
        ("API mandates", "staff", "/api/v1/registry/mandates"),
        ("API suggestions", "staff", "/api/v1/suggestions"),
        ("API appeals", "staff", "/api/v1/receptions/appeals"),
    ]
    return users, pages


def _queries(users: dict, pages) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from renda.core.models import User

    setup_test_environment()
    out = {}
    clients = {}
    for name, who, path in pages:
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(User.objects.get(username=users[who]))
        clients[who].get(path)  # warm caches as the server would be
        with CaptureQueriesContext(connection) as ctx:
            response = clients[who].get(path)
        out[name] = len(ctx.captured_queries) if response.status_code == 200 else -response.status_code
    return out


class Session:
    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        h = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, data

    def login(self, username: str, password: str) -> None:
        status, body = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        status, _ = self.request(
            "POST", "/accounts/login/", form,
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{self.port}",
             "Referer": f"http://127.0.0.1:{self.port}/accounts/login/"},
        )  # fmt: skip
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed ({status})")


def _percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    k = min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms)) - 1))
    return sorted_ms[k]


def _run(sessions: list[Session], path: str, requests: int, seconds: float) -> dict:
    lock = threading.Lock()
    state = {"left": requests}
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.perf_counter() + seconds

    def worker(s: Session):
        while True:
            with lock:
                if state["left"] <= 0 or time.perf_counter() > deadline:
                    return
                state["left"] -= 1
            t0 = time.perf_counter()
            try:
                status, _ = s.request("GET", path)
            except (http.client.HTTPException, OSError):
                status = 599
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                (latencies if status == 200 else errors).append(ms if status == 200 else status)

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    lat = sorted(latencies)
    return {
        "requests": len(lat) + len(errors),
        "errors": len(errors),
        "rps": len(lat) / wall if wall else 0.0,
        "p50": _percentile(lat, 50),
        "p95": _percentile(lat, 95),
        "p99": _percentile(lat, 99),
        "mean": statistics.fmean(lat) if lat else float("nan"),
    }


def _wait_ready(port: int, limit: float = 300.0) -> None:
    """Until a worker answers the login page: workers import Django first (slow on a busy machine)."""
    deadline = time.monotonic() + limit
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=limit)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not answer")
        time.sleep(0.5)


def _wrk() -> str | None:
    """Debian's wrk (C, one event loop per thread) leaves the cores to the server; installed when missing."""
    path = shutil.which("wrk")
    if path is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, check=False)
        path = shutil.which("wrk")
    return path


def _run_wrk(wrk: str, port: int, sessions: list[Session], path: str, seconds: float) -> dict:
    """c = len(sessions) connections; wrk threads = min(c, 10), each thread one user's session cookie."""
    c = len(sessions)
    cookies = ["; ".join(f"{k}={v}" for k, v in s.cookies.items()) for s in sessions]
    cmd = [wrk, "-t", str(min(c, 10)), "-c", str(c), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s",
           "-s", str(REPO / "bench" / "wrk_users.lua"), f"http://127.0.0.1:{port}{path}", "--", *cookies]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    line = next((x for x in out.splitlines() if x.startswith("WRK-RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result for {path}: {out[-500:]}")
    r = json.loads(line.split(" ", 1)[1])
    wall = r["duration_us"] / 1e6
    bad = r["errors"] + r["status_errors"]
    ok = max(0, r["requests"] - r["status_errors"])
    return {
        "requests": r["requests"],
        "errors": bad,
        "rps": ok / wall if wall else 0.0,
        "p50": r["p50"] / 1000,
        "p95": r["p95"] / 1000,
        "p99": r["p99"] / 1000,
        "mean": r["mean"] / 1000,
    }


def _workers_peak_kb(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    out = []
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        m = re.search(r"VmHWM:\s+(\d+) kB", status)
        if m:
            out.append(int(m.group(1)))
    return out


def child(argv: list[str]) -> int:
    import django

    opts = _opts(argv)
    seed_seconds = next((float(a.split("=", 1)[1]) for a in argv if a.startswith("--seed-seconds=")), None)
    django.setup()
    from django.conf import settings
    from django.db import connection

    from renda.seeding.generate import PASSWORD

    users, pages = _targets()
    queries = _queries(users, pages)
    connection.close()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "renda.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(opts["workers"]), "--threads", str(opts["threads"]), "--access-logfile", "/dev/null"],
        cwd=REPO,
    )  # fmt: skip
    results: dict = {"pages": {}, "queries": queries}
    wrk = None if opts["client"] == "python" else _wrk()
    try:
        _wait_ready(port)
        levels = [int(c) for c in str(opts["concurrency"]).split(",") if c]
        sessions = {who: [] for who in users.values()}
        for who in users.values():
            for _i in range(max(levels)):
                s = Session(port)
                s.login(who, PASSWORD)
                sessions[who].append(s)
        for name, who, path in pages:
            for s in sessions[users[who]][:2]:
                s.request("GET", path)  # warm-up
            for c in levels:
                if wrk:
                    r = _run_wrk(wrk, port, sessions[users[who]][:c], path, opts["seconds"])
                else:
                    r = _run(sessions[users[who]][:c], path, opts["requests"], opts["seconds"])
                results["pages"].setdefault(name, {"path": path})[str(c)] = r
                print(f"{name:28} c={c:<3} {r['rps']:7.1f} req/s  p50 {r['p50']:7.1f}  p95 {r['p95']:7.1f}  "
                      f"p99 {r['p99']:7.1f} ms  errors {r['errors']}", flush=True)  # fmt: skip
        peaks = _workers_peak_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "renda", "sweep"], cwd=REPO, check=False, capture_output=True)
    sweep = time.perf_counter() - started
    vendor = ""
    with contextlib.suppress(OSError, StopIteration):
        vendor = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    results.update(
        scale=opts["scale"],
        db=settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        date=dt.datetime.now().astimezone().isoformat(timespec="minutes"),
        machine={"cpus": os.cpu_count(), "cpu": vendor, "python": platform.python_version()},
        server=f"gunicorn --workers {opts['workers']} --threads {opts['threads']}",
        client="wrk, one session per wrk thread (at most 10)" if wrk else "Python threads, one session each",
        worker_peak_mb=[round(k / 1024, 1) for k in peaks],
        sweep_seconds=round(sweep, 2),
        seed_seconds=seed_seconds,
        levels=levels,
        requests=opts["requests"],
        seconds=opts["seconds"],
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{opts['scale']}-{opts['db']}"
    stem.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    md = markdown(results)
    stem.with_suffix(".md").write_text(md)
    print(md)
    return 0


def markdown(res: dict) -> str:
    levels = res["levels"]
    floor = res["pages"][FLOOR]
    head = "| page | queries | " + " | ".join(
        f"c={c} req/s | c={c} % floor | c={c} p50/p95/p99 ms" for c in levels
    )
    lines = [
        f"Scale **{res['scale']}** on **{res['db']}**, {res['date']}, {res['server']}, "
        f"{res['machine']['cpus']} CPUs ({res['machine']['cpu']}); load from {res.get('client', 'Python threads')}, "
        f"{res['seconds']:.0f} s per page and concurrency. Worker peak memory (VmHWM): "
        f"{', '.join(f'{m} MB' for m in res['worker_peak_mb'])}. `renda sweep`: {res['sweep_seconds']} s."
        + (f" Seeding: {res['seed_seconds']:.0f} s." if res.get("seed_seconds") else ""),
        "",
        head + " |",
        "|---|---:|" + "---:|---:|---:|" * len(levels),
    ]
    for name, page in res["pages"].items():
        cells = [name, str(res["queries"].get(name, ""))]
        for c in levels:
            r, f = page[str(c)], floor[str(c)]
            share = 100 * r["rps"] / f["rps"] if f["rps"] else float("nan")
            err = f" ({r['errors']} errors)" if r["errors"] else ""
            cells += [
                f"{r['rps']:.1f}{err}",
                f"{share:.0f} %",
                f"{r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(child(args) if "--child" in args else main(args))
