"""`renda backup [PATH]`: the database and the uploaded files in one archive (see docs/deploy.md)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from renda.core.backup import backup_create


class Command(BaseCommand):
    help = "备份数据库和上传的文件（一个 .tar.gz 文件）"

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="备份文件路径，默认 var/backups/renda-日期时间.tar.gz")

    def handle(self, *args, **opts):
        path = (
            Path(opts["path"])
            if opts["path"]
            else (Path(settings.VAR_DIR) / "backups" / f"renda-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        )
        manifest = backup_create(path=path)
        self.stdout.write(f"{path}: {manifest['engine']}, {manifest['media_files']} media files")
