"""`renda calendar load YEAR --from-package | --file PATH`: enter a year's official holiday schedule.

--from-package takes the holidays and make-up working days of the installed chinese-calendar package (after
upgrading it to a release that knows the year); --file reads JSON
{"holidays": ["2027-01-01", "2027-02-05~2027-02-11", …], "workdays": ["2027-02-14", …]}.
Both call calendar_year_set, as the page and the API do: running clocks are recomputed and their handlers told.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.deadlines.calendar import package_knows, package_year
from renda.core.deadlines.models import CalendarSource
from renda.core.deadlines.services import calendar_dates_parse, calendar_year_set


def _file_dates(path: Path) -> tuple[list, list]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("holidays"), list):
        raise CommandError(f"{path}: 须为 JSON 对象，含 holidays 列表（可选 workdays 列表）")
    return (
        calendar_dates_parse("\n".join(map(str, data["holidays"]))),
        calendar_dates_parse("\n".join(map(str, data.get("workdays") or []))),
    )


class Command(BaseCommand):
    help = "录入一年的法定节假日安排（放假与调休上班日期），并重算正在计算的期限"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="从 chinese-calendar 数据包或 JSON 文件载入一年的安排")
        load.add_argument("year", type=int)
        source = load.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--from-package", action="store_true", help="取已安装的 chinese-calendar 中的数据"
        )
        source.add_argument("--file", type=Path, help="JSON 文件：holidays、workdays 日期列表")

    def handle(self, *args, **opts):
        year = opts["year"]
        try:
            if opts["from_package"]:
                if not package_knows(year):
                    raise CommandError(
                        f"已安装的 chinese-calendar 没有 {year} 年的数据，请先升级该包或改用 --file"
                    )
                holidays, workdays = package_year(year)
                source = CalendarSource.PACKAGE
            else:
                holidays, workdays = _file_dates(opts["file"])
                source = CalendarSource.FILE
            with scopes_disabled():  # a command over all towns' clocks
                result = calendar_year_set(
                    year=year, holidays=holidays, workdays=workdays, actor=SYSTEM, source=source
                )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{year} 年：放假 {len(holidays)} 天，调休上班 {len(workdays)} 天；"
                f"{len(result.moved)} 项期限的到期日已调整"
            )
        )
        for clock, old, new in result.moved:
            self.stdout.write(f"  {clock.subject_repr} · {clock.kind}: {old} → {new}")
