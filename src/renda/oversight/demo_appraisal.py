"""Demo station appraisals (基层站所评议) in 平望镇 and 黎里镇, built through the services with SYSTEM.

Last year's appraisal of each town's grassroots stations: most serving deputies scored every station (some
with an opinion), a few voters scored on the portal, scoring ended (the ranking computed), the presidium chose a
key problem of the two lowest-ranked stations (each a rectification item of that station) and published the
results. Idempotent: a town that already has last year's appraisal is skipped; deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from renda.core.actors import SYSTEM
from renda.core.audit import activities_dated
from renda.core.models import Town
from renda.registry.enums import MandateStatus
from renda.registry.models import Person

from . import services
from .models import Appraisal
from .queries_appraisal import station_units_of_town

TOWN_CODES = ["320509104", "320509110"]  # 平望镇, 黎里镇
# Each station's quality in the demo (its scores scatter around it), by the station's kind in its name.
QUALITY = {"派出所": 88, "税务所": 84, "自然资源所": 76, "市场监管所": 80, "供电所": 86, "卫生院": 72}
OPINIONS = [
    "窗口工作人员态度热情，办事效率较高。",
    "午间休息时段无人值守，群众办事要跑两趟。",
    "办事指南公示不清楚，希望一次性告知所需材料。",
    "夜间报修响应慢，希望设立值班电话。",
    "排队时间较长，建议增加自助办理设备。",
]
KEY_PROBLEMS = [
    ("办事高峰期排队时间长", "代表和选民反映高峰期排队超过一小时，要求增设窗口或推行预约办理。"),
    ("办事指南公示不清楚", "测评中多名代表反映办事指南不全，群众需多次往返，要求一次性告知并上墙公示。"),
]


def _quality(name: str) -> int:
    return next((q for key, q in QUALITY.items() if name.endswith(key)), 80)


def _value(rng: random.Random, quality: int) -> int:
    return max(50, min(100, round(rng.gauss(quality, 6))))


def build(*, seed: int | None = None, log=None) -> dict:
    log = log or (lambda _m: None)
    year = timezone.localdate().year - 1
    totals = {"appraisals": 0, "sheets": 0, "items": 0}
    for town in Town.objects.filter(code__in=[c + "000" for c in TOWN_CODES]).order_by("code"):
        if Appraisal.objects.filter(town=town, year=year).exists():
            continue
        units = list(station_units_of_town(town=town))
        deputies = list(
            Person.objects.filter(town=town, mandates__town=town, mandates__status=MandateStatus.SERVING)
            .distinct()
            .order_by("pk")
        )
        if len(units) < 2 or not deputies:
            continue
        # The appraisal ran in the autumn of last year: its history is dated then.
        with activities_dated(dt.date(year, 11, 15)):
            rng = random.Random((seed or 0) + int(town.code))
            a = services.appraisal_create(town=town, year=year, actor=SYSTEM)
            services.appraisal_open(appraisal=a, actor=SYSTEM)
            criteria = list(a.criteria.all())
            stations = list(a.stations.select_related("unit"))
            scorers = deputies[: max(1, len(deputies) * 4 // 5)]  # most deputies took part
            for st in stations:
                q = _quality(st.unit.name)
                # The deputies' paper sheets, entered by the office in one go.
                sheets = [
                    {
                        "deputy": d,
                        "scores": {c.pk: _value(rng, q) for c in criteria},
                        "opinion": rng.choice(OPINIONS) if rng.random() < 0.15 else "",
                    }
                    for d in scorers
                ]
                services.appraisal_paper_sheets_enter(station=st, sheets=sheets, actor=SYSTEM)
                totals["sheets"] += len(sheets)
                for v in range(rng.randint(2, 4)):
                    services.appraisal_score_voter(
                        station=st,
                        phone=f"139{town.code[6:9]}{st.pk % 100:02d}{v:03d}"[:11],
                        scores={c.pk: _value(rng, q - 3) for c in criteria},
                        opinion=rng.choice(OPINIONS) if rng.random() < 0.3 else "",
                        actor=SYSTEM,
                    )
                    totals["sheets"] += 1
            services.appraisal_close(appraisal=a, actor=SYSTEM)
            ranked = sorted(a.stations.select_related("unit"), key=lambda s: (s.rank or 999, s.pk))
            for st, (title, description) in zip(reversed(ranked[-2:]), KEY_PROBLEMS, strict=False):
                services.appraisal_key_problem_select(
                    station=st, title=title, description=description, actor=SYSTEM
                )
                totals["items"] += 1
            services.appraisal_publish(appraisal=a, actor=SYSTEM)
        totals["appraisals"] += 1
        log(f"  站所评议：{town.name}{year}年度，{len(stations)} 个站所")
    return totals
