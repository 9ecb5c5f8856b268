"""`renda worker`: the background worker (the Huey consumer of the django.tasks queue).

It first runs the deadline sweep once, so reminders missed while no worker ran go out at start;
the Huey periodic task then sweeps every few minutes."""

import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from renda.core.deadlines.sweep import deadlines_sweep

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "运行后台任务进程（Huey）"

    def add_arguments(self, parser):
        parser.add_argument("--no-sweep", action="store_true", help="启动时不先扫描期限")

    def handle(self, *args, **options):
        if not options["no_sweep"]:
            # Catch up at start over all towns: a background job, no user scope.
            with scopes_disabled():  # catch-up sweep over all towns
                result = deadlines_sweep()
            self.stdout.write(f"sweep at start: {result}")
        call_command("run_huey")
