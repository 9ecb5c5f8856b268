"""`renda backup` / `renda restore` round trip: row counts of every table and an uploaded file's checksum come
back as they were, on SQLite and (marked postgres) on a scratch PostgreSQL database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent

# Fills a fresh database with the test world (every model in every town) and one uploaded file.
FILL = f"""
import sys; sys.path.insert(0, {str(TESTS)!r})
import django; django.setup()
from django.conf import settings
from django_scopes import scopes_disabled
from factories import build_world
with scopes_disabled():  # set-up across towns
    build_world()
upload = settings.MEDIA_ROOT / "suggestions" / "2026" / "附件.pdf"
upload.parent.mkdir(parents=True, exist_ok=True)
upload.write_bytes(bytes(range(256)) * 40)
"""

# Changes everything after the backup: more rows, a changed upload, a new upload.
SPOIL = """
import django; django.setup()
from django.conf import settings
from renda.core.models import User
User.objects.create(username="after_backup")
User.objects.update(display_name="changed")
(settings.MEDIA_ROOT / "suggestions" / "2026" / "附件.pdf").write_bytes(b"changed")
(settings.MEDIA_ROOT / "new.txt").write_text("new")
"""

# Row counts of every table, and the checksums of the uploads.
STATE = """
import hashlib, json
import django; django.setup()
from django.conf import settings
from django.db import connection
from renda.core.models import User
with connection.cursor() as c:
    tables = sorted(t for t in connection.introspection.table_names() if not t.startswith("sqlite_"))
    counts = {}
    for t in tables:
        c.execute(f'SELECT COUNT(*) FROM "{t}"')
        counts[t] = c.fetchone()[0]
media = {str(p.relative_to(settings.MEDIA_ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
         for p in sorted(settings.MEDIA_ROOT.rglob("*")) if p.is_file()}
names = sorted(User.objects.values_list("username", "display_name"))
print(json.dumps({"counts": counts, "media": media, "names": names}))
"""


def renda(env, *args, script=None):
    cmd = [sys.executable, "-c", script] if script else [sys.executable, "-m", "renda", *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def environment(tmp_path: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RENDA_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update({"RENDA_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "renda.settings"})
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def round_trip(tmp_path: Path, env: dict[str, str]) -> None:
    renda(env, "migrate", "--no-input", "-v0")
    renda(env, script=FILL)
    before = json.loads(renda(env, script=STATE))
    assert before["counts"]["core_user"] > 10 and before["counts"]["registry_person"] > 0
    # The world's own attachments (uploaded through the suggestion service) and one more file.
    assert "suggestions/2026/附件.pdf" in before["media"] and len(before["media"]) > 1

    archive = tmp_path / "backup.tar.gz"
    assert "media files" in renda(env, "backup", str(archive))
    renda(env, script=SPOIL)
    spoiled = json.loads(renda(env, script=STATE))
    assert spoiled["counts"]["core_user"] == before["counts"]["core_user"] + 1
    assert spoiled["media"] != before["media"]

    assert "restored" in renda(env, "restore", str(archive), "--no-input")
    after = json.loads(renda(env, script=STATE))
    assert after["counts"] == before["counts"]
    assert after["media"] == before["media"]
    assert after["names"] == before["names"]


def test_backup_and_restore_round_trip_on_sqlite(tmp_path):
    round_trip(tmp_path, environment(tmp_path, None))


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    import tarfile

    env = environment(tmp_path, None)
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        note = tmp_path / "note.txt"
        note.write_text("x")
        tar.add(note, arcname="note.txt")
    done = subprocess.run(
        [sys.executable, "-m", "renda", "restore", str(bogus), "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1 and "这不是人大工作平台的备份文件" in done.stderr


@pytest.mark.postgres
def test_backup_and_restore_round_trip_on_postgresql(tmp_path):
    import dj_database_url
    import psycopg
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL")
    url = os.environ["DATABASE_URL"]
    cfg = dj_database_url.parse(url)
    scratch = f"{cfg['NAME']}_restore"  # a scratch database of this test only, made and dropped here
    admin = psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        round_trip(tmp_path, environment(tmp_path, url.rsplit("/", 1)[0] + f"/{scratch}"))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()
