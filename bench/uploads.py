"""Upload benchmark (issue 11): how fast crafted files are refused and how long a valid 5,000-row roster takes.

    python -m bench uploads [--rows=5000] [--bomb-mb=1100]

Times (wall clock, peak RSS growth): the roster check refusing a zip bomb (a ~4 MB XLSX whose sheet expands to
--bomb-mb megabytes, generated here, not stored), a DOCX bomb through core.uploads, a sheet declaring the whole
Excel grid, and the import of a valid deputies roster of --rows rows into a fresh town. Runs on a fresh SQLite
file under var/bench/ unless DATABASE_URL names another database (which it then uses as is)."""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _opts(argv: list[str]) -> dict:
    opts = {"rows": 5000, "bomb_mb": 1100}
    for arg in argv:
        key, _, value = arg.lstrip("-").partition("=")
        key = key.replace("-", "_")
        if key in opts:
            opts[key] = type(opts[key])(value)
    return opts


def _rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # megabytes


def _timed(label: str, call):
    rss, start = _rss(), time.perf_counter()
    result = call()
    print(f"{label:<58} {time.perf_counter() - start:8.2f} s   peak RSS +{_rss() - rss} MB", flush=True)
    return result


def main(argv: list[str]) -> int:
    opts = _opts(argv)
    if not os.environ.get("DATABASE_URL"):
        db = REPO / "var" / "bench" / "uploads.sqlite3"
        db.parent.mkdir(parents=True, exist_ok=True)
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    sys.path.insert(0, str(REPO / "tests"))  # the crafted-file generators the tests use
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from core.crafted import deputies_roster, docx_bomb, xlsx_bomb, xlsx_declared_huge
    from renda.core.models import District, Town
    from renda.core.uploads import DOCUMENTS, UploadRefused, upload_check
    from renda.registry import services as reg
    from renda.registry.roster import roster_import, roster_validate

    call_command("migrate", verbosity=0)
    with scopes_disabled():  # a benchmark sets up its own town
        district, _ = District.objects.get_or_create(
            code="329901", defaults={"name": "基准区", "city_name": "基准市", "province_name": "江苏省"}
        )
        town = Town.objects.create(
            district=district, code=f"3299011{int(time.time()) % 100000:05d}", name="基准镇", population=60000
        )
        village = reg.village_create(
            town=town, data={"code": town.code[:9] + "201", "name": "基准一村"}, actor=None
        )
        term = reg.term_create(town=town, data={"number": 1, "start_date": dt.date(2022, 1, 1)}, actor=None)
        for n in range(1, 11):
            reg.electoral_district_create(
                town=town, data={"term": term, "number": n, "name": f"第{n}选区", "seats": 3}, actor=None
            )

        bomb = _timed(
            f"generate an XLSX expanding to {opts['bomb_mb']} MB", lambda: xlsx_bomb(opts["bomb_mb"] << 20)
        )
        print(f"  ({len(bomb) / 1e6:.1f} MB on the wire)")
        refused = _timed(
            "roster check refuses the XLSX bomb",
            lambda: roster_validate(town=town, kind="deputies", file=bomb),
        )
        print(f"  {refused.errors[0].reason}")
        docx = docx_bomb(200 << 20)

        def refuse_docx():
            try:
                upload_check(docx, kinds=DOCUMENTS, max_bytes=10 << 20, name="答复函.docx")
            except UploadRefused as exc:
                return exc.reason
            return "accepted"

        print(f"  {_timed('core.uploads refuses a DOCX expanding to 200 MB', refuse_docx)}")
        huge = xlsx_declared_huge()
        _timed("roster check refuses a sheet declaring A1:XFD1048576",
               lambda: roster_validate(town=town, kind="handling_units", file=huge))  # fmt: skip
        file = deputies_roster(opts["rows"], town_level=30, village=village.name)
        result = _timed(
            f"import {opts['rows']} deputies (validate and write)",
            lambda: roster_import(town=town, kind="deputies", file=file, actor=None),
        )
        print(f"  imported={result.imported} counts={result.counts} errors={len(result.errors)}")
    return 0 if result.imported else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
