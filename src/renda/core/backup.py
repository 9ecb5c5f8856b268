"""Backup and restore: the database and the uploaded files in one archive (`renda backup` / `renda restore`).

SQLite is copied with its online backup API (consistent while the server runs); PostgreSQL with `pg_dump -Fc`
and `pg_restore`, whose major version must be the server's. The archive is a .tar.gz holding manifest.json,
the database (database.sqlite3 or database.pgdump) and media/ (MEDIA_ROOT).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise CommandError(_("不支持的数据库：%(v)s") % {"v": vendor})
    return vendor


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore from RENDA_PG_BIN (a directory), else from PATH; its major version must be the server's."""
    directory = os.environ.get("RENDA_PG_BIN", "")
    tool = str(Path(directory) / name) if directory else (shutil.which(name) or name)
    try:
        out = subprocess.run([tool, "--version"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise CommandError(_("找不到 %(tool)s：%(e)s") % {"tool": name, "e": exc}) from exc
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    tool_major = int(match.group(1)) if match else 0
    connection.ensure_connection()
    server_major = connection.pg_version // 10000  # type: ignore[attr-defined]  # PostgreSQL only
    if tool_major != server_major:
        raise CommandError(
            _(
                "%(tool)s 的版本（%(t)s）与数据库服务器（%(s)s）不一致；请安装相同主版本的客户端，或用 RENDA_PG_BIN 指定其目录"
            )
            % {"tool": name, "t": tool_major, "s": server_major}
        )
    return tool


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        value = db.get(key)
        if value:
            env[var] = str(value)
    return env


def _applied_migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in (
        MigrationRecorder(connection).migration_qs.values_list("app", "name").order_by("app", "name")
    ):
        latest[app] = name
    return latest


def backup_create(*, path: Path) -> dict:
    """Write the archive to `path`; returns its manifest."""
    engine = _engine()
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if engine == "sqlite":
            member = SQLITE_MEMBER
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            target = sqlite3.connect(work / member)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            member = PG_MEMBER
            subprocess.run(
                [_pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(work / member)],
                env=_pg_env(),
                check=True,
            )
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "migrations": _applied_migrations(),
            "media_files": len(files),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / member, arcname=member)
            for f in files:
                tar.add(f, arcname=f"media/{f.relative_to(media).as_posix()}")
        partial.replace(path)
    return manifest


def backup_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]  # a file, not a directory
    except KeyError as exc:
        raise CommandError(_("这不是人大工作平台的备份文件")) from exc
    if manifest.get("format") != FORMAT:
        raise CommandError(_("备份文件的格式版本不受支持"))
    return manifest


def backup_restore(*, path: Path) -> dict:
    """Replace the database and MEDIA_ROOT with the archive's. Run it with the web and worker stopped."""
    engine = _engine()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "r:gz") as tar, tempfile.TemporaryDirectory() as tmp:
        manifest = backup_manifest(tar)
        if manifest["engine"] != engine:
            raise CommandError(
                _("备份来自 %(a)s 数据库，不能恢复到 %(b)s 数据库") % {"a": manifest["engine"], "b": engine}
            )
        work = Path(tmp)
        member = SQLITE_MEMBER if engine == "sqlite" else PG_MEMBER
        tar.extractall(work, members=[tar.getmember(member)], filter="data")
        if engine == "sqlite":
            connections.close_all()
            source = sqlite3.connect(work / member)
            target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            tool = _pg_tool("pg_restore")
            connections.close_all()
            subprocess.run(
                [
                    tool,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "-d",
                    settings.DATABASES["default"]["NAME"],
                    str(work / member),
                ],
                env=_pg_env(),
                check=True,
            )
        # The uploads: exactly the archive's (files added since the backup are removed).
        if media.exists():
            shutil.rmtree(media)
        media.mkdir(parents=True, exist_ok=True)
        members = [m for m in tar.getmembers() if m.name.startswith("media/") and m.isfile()]
        for m in members:
            m.name = m.name[len("media/") :]
        tar.extractall(media, members=members, filter="data")
    return manifest
