"""`renda worker`: the background worker (the Huey consumer of the django.tasks queue)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务进程（Huey）"

    def handle(self, *args, **options):
        call_command("run_huey")
