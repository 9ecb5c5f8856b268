"""Helpers shared by test modules of several apps: a frozen Beijing-time moment and an item's audit codes."""

from __future__ import annotations

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import time_machine
from django_scopes import scopes_disabled

from renda.core.models import ActivityLog

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=9):
    """Travel to that day at `h` o'clock Beijing time, the clock standing still."""
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=TZ), tick=False)


def activity_codes(obj) -> list[str]:
    """The audit codes recorded on an item, oldest first (all towns)."""
    with scopes_disabled():  # test inspection
        return list(
            ActivityLog.unscoped.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
            .order_by("id")
            .values_list("code", flat=True)
        )


def _grants_queries() -> int:
    from django.conf import settings

    return 1 if "DatabaseCache" in settings.CACHES["default"]["BACKEND"] else 0


# A request's grants (decision 0007): one look-up in the shared cache, which is a SQL query on the database cache
# (SQLite without Redis) and none with Redis. Before the cache: one query, two for district staff.
GRANTS = _grants_queries()


def _session_queries() -> int:
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


# A request's session (decision 0008): read from the database, or from Redis (cached_db) when REDIS_URL is set.
SESSION = _session_queries()


def docx_text_by_libreoffice(data: bytes, tmp_path, name: str = "document.docx") -> str:
    """The text LibreOffice reads from a DOCX (it opens it and saves it as UTF-8 text): the test that the file
    opens in an office program, and what it holds there."""
    path = tmp_path / name
    path.write_bytes(data)
    subprocess.run(
        ["/usr/bin/soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return path.with_suffix(".txt").read_text(encoding="utf-8-sig")
