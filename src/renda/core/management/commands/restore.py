"""`renda restore PATH`: replace the database and the uploaded files with a backup's (stop the server first)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renda.core.backup import backup_restore


class Command(BaseCommand):
    help = "从备份文件恢复数据库和上传的文件（将覆盖现有数据，请先停止网站和后台任务）"

    def add_arguments(self, parser):
        parser.add_argument("path", help="renda backup 生成的备份文件")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"{path}: not found")
        if opts["interactive"]:
            answer = input(f"Restore {path}? The current database and uploads are replaced. Type 'yes': ")
            if answer.strip() != "yes":
                raise CommandError("cancelled")
        manifest = backup_restore(path=path)
        self.stdout.write(f"restored {path}: {manifest['engine']}, {manifest['media_files']} media files")
