"""`renda serve`: the web app on gunicorn, optionally with the background worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from renda.core.site import SERVED_URL_ENV, served_url, site_url


class Command(BaseCommand):
    help = "启动网页服务（gunicorn），可同时启动后台任务进程"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("RENDA_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("RENDA_PORT", "8000")))
        parser.add_argument("--with-worker", action="store_true", help="同时运行后台任务进程")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))

    def handle(self, *args, **opts):
        renda = [sys.executable, "-m", "renda"]
        address = served_url(opts["host"], opts["port"])
        # Links built outside a request (the worker's notifications) use this address unless RENDA_SITE_URL is set.
        os.environ[SERVED_URL_ENV] = address
        children: list[subprocess.Popen] = []
        if opts["with_worker"]:
            children.append(subprocess.Popen([*renda, "worker"]))
        web = [
            sys.executable, "-m", "gunicorn", "renda.wsgi:application",
            "--bind", f"{opts['host']}:{opts['port']}",
            "--workers", str(opts["workers"]), "--threads", str(opts["threads"]),
            "--access-logfile", "-" if settings.DEBUG else "/dev/null",
        ]  # fmt: skip
        children.append(subprocess.Popen(web))
        self.stdout.write(f"Renda: {site_url()}/")

        def stop(*_):
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(c.poll() is None for c in children):
                try:
                    children[-1].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    continue
        finally:
            stop()
            for child in children:
                child.wait(timeout=10)
