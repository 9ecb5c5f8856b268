"""`renda sweep [--at YYYY-MM-DD]`: run the deadline sweep now (demos, tests, catching up by hand)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from renda.core.deadlines.sweep import deadlines_sweep


class Command(BaseCommand):
    help = "扫描期限并发送到期提醒（可指定日期）"

    def add_arguments(self, parser):
        parser.add_argument("--at", help="按此日期扫描（YYYY-MM-DD），默认今天")

    def handle(self, *args, **opts):
        try:
            today = dt.date.fromisoformat(opts["at"]) if opts["at"] else None
        except ValueError as exc:
            raise CommandError(f"--at: {exc}") from exc
        # A command over all towns: no user, so no user scope.
        with scopes_disabled():  # a command over all towns
            result = deadlines_sweep(today=today)
        self.stdout.write(str(result))
