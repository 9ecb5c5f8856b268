"""`renda seed --scale district|city|province [--seed N] [--database-url URL]`: realistic data for load tests.

Loads the real geography (吴江区, 苏州市 or 江苏省) from the national division dataset, then bulk-inserts
deputies, units, suggestions and appeals over three years (renda.seeding.generate). Meant for an empty database."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled


class Command(BaseCommand):
    help = "生成区、市或省规模的测试数据（批量写入，用于性能测试）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["district", "city", "province"], default="district")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--database-url", default="", help="在此数据库中生成（默认：DATABASE_URL）")
        parser.add_argument(
            "--jobs", type=int, default=0,
            help="并行进程数（仅 PostgreSQL；默认：PostgreSQL 按 CPU 核数，SQLite 为 1）",
        )  # fmt: skip
        parser.add_argument("--part", type=int, default=-1, help=argparse.SUPPRESS)
        parser.add_argument("--parts", type=int, default=1, help=argparse.SUPPRESS)

    def handle(self, *args, **opts):
        url = opts["database_url"]
        if url and url != os.environ.get("DATABASE_URL"):
            # Django reads its database once at start-up: run again in a process that has this one.
            argv = [
                sys.executable,
                "-m",
                "renda",
                "seed",
                "--scale",
                opts["scale"],
                "--seed",
                str(opts["seed"]),
            ]
            code = subprocess.call(argv, env={**os.environ, "DATABASE_URL": url})
            if code:
                raise CommandError(f"seed failed ({code})")
            return
        from django.db import connection

        from renda.seeding.generate import seed, seed_part

        if opts["part"] >= 0:  # one of the parallel processes of a seed with --jobs
            with scopes_disabled():  # a command works across towns
                seed_part(scale=opts["scale"], seed=opts["seed"], part=opts["part"], parts=opts["parts"],
                          log=self.stdout.write)  # fmt: skip
            return
        jobs = opts["jobs"] or (os.cpu_count() or 1 if connection.vendor == "postgresql" else 1)
        if jobs > 1 and connection.vendor != "postgresql":
            raise CommandError("SQLite 只允许一个写入进程：--jobs 只能用于 PostgreSQL")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        self.stdout.write(f"migrate: {time.perf_counter() - started:.1f} s")
        with scopes_disabled():  # a command works across towns
            try:
                report = seed(scale=opts["scale"], seed=opts["seed"], jobs=jobs, log=self.stdout.write)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        total = time.perf_counter() - started
        self.stdout.write(f"seed {report.scale}: {report.total_rows:,} rows in {total:.1f} s "
                          f"({report.total_rows / max(total, 1e-9):,.0f} rows/s)")  # fmt: skip
        for step, seconds in report.seconds.items():
            self.stdout.write(f"  {step:12} {seconds:8.1f} s")
        for label, n in sorted(report.rows.items()):
            self.stdout.write(f"  {label:40} {n:>10,}")
