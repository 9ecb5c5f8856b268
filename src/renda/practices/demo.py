"""Demo data: the seed's practice library and every demo town's six-haves self-assessment (renda demo).

The practices of the seed's "试点—铺开—总结": 基层站所评议 piloted in one town six years ago, rolled out to 黎里镇
and 平望镇 two years later and to every town two years after that, then summed up; 接访日 (每月1、11、21日进村接访)
piloted five years ago and spread to some towns; the 三心六有工作法 piloted three years ago and rolled out; the
三级代表混合编组 still piloting. Each demo town with a staff account has last year's six-haves self-assessment:
each item confirmed with a note and the budget entered, submitted in January — except two: one still being
filled in, one returned by the district for changes.

Every write goes through the practices services with SYSTEM, its history dated at its event. Deterministic;
idempotent (a practice the district has, a self-assessment a town has, is skipped). A few hundred rows: well
under a second."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.core.actors import SYSTEM
from renda.core.audit import activities_dated
from renda.core.enums import Role, TownKind
from renda.core.models import RoleGrant, Town
from renda.core.sixhaves import SIX_HAVES

from . import services
from .models import Practice, SixHaves

LILI, PINGWANG = "320509110000", "320509104000"

PRACTICES = [
    {
        "name": "基层站所评议",
        "ago": 6,
        "description": "镇人大组织代表对派出所、税务所、市场监管所等基层站所开展评议，通过评议收集意见建议，"
        "主席团选取重点要求整改落实，解决土地流转复垦、安全生产、环境保护、创新服务等方面的实际问题。",
        "summary": "以乡镇为试点、逐步推开：试点镇先行探索评议办法，两年后推广到黎里、平望两镇，再过两年实现所有"
        "乡镇人大开展评议。评议与整改销号挂钩，群众满意度逐年提升。",
        "presented_at": "全区镇人大主席工作座谈会交流发言\n区人大理论工作研究会论文汇编",
    },
    {
        "name": "接访日",
        "ago": 5,
        "description": "每月1日、11日、21日，由镇党委书记率领，分组进村（社区）接访群众，向社会公示接访代表、时间、"
        "地点；以“有诉必复”为要求，责任到人，答复时限为一月，信访办负责提醒，纪委负责监督。",
        "presented_at": "区人大常委会务虚会交流材料",
    },
    {
        "name": "三心六有工作法",
        "ago": 3,
        "description": "强化核心、突出重心、凝聚民心；活动常态有制度、工作开展有平台、代表活动有特色、"
        "履职情况有考核、活动经费有保障、常抓不懈有成果。",
    },
    {
        "name": "三级代表混合编组",
        "ago": 1,
        "description": "把选区内的市、区、镇三级代表混合编组，建立三级代表联系网络，上下联动、共同活动，以“上”带"
        "“下”，以“下”促“上”，闭会期间组织各级代表开展形式多样的代表活动。",
    },
]

NOTES = {
    "rules": "主席团会议、代表小组活动、代表联系选民等制度汇编成册。",
    "platform": "代表之家、代表工作站按选区全覆盖，定期开放接待。",
    "character": "围绕民生实事开展专题视察和站所评议。",
    "assessment": "年底对代表履职情况计分考核并通报。",
    "funds": "代表活动经费列入镇财政预算，专款专用。",
    "results": "代表建议办成率和整改销号率逐年提高。",
}


def _towns():
    """The demo towns with a staff account (a congress of their own), by code."""
    grants = RoleGrant.objects.filter(
        role=Role.TOWN_STAFF, user__username__endswith="_staff", town__kind=TownKind.TOWN
    ).select_related("town__district")
    return sorted({g.town for g in grants}, key=lambda t: t.code)


def _practices(district, towns: list[Town], today: dt.date) -> int:
    everyone = list(Town.objects.filter(district=district, active=True, kind=TownKind.TOWN).order_by("code"))
    spread_first = [t for t in everyone if t.code in (LILI, PINGWANG)]
    pilots = [t for t in towns if t.code not in (LILI, PINGWANG)] or towns
    made = 0
    for i, spec in enumerate(PRACTICES):
        if Practice._base_manager.filter(district=district, name=spec["name"]).exists():
            continue
        pilot = pilots[i % len(pilots)]
        year = today.year - spec["ago"]
        start = dt.date(year, 3, 1)
        with activities_dated(start):
            p = services.practice_create(
                district=district,
                data={
                    "name": spec["name"],
                    "description": spec["description"],
                    "presented_at": spec.get("presented_at", ""),
                    "pilot_town": pilot,
                    "pilot_year": year,
                    "pilot_on": start,
                    "evidence": f"{pilot.name}人大先行试点。",
                },
                actor=SYSTEM,
                on=today,
            )
        if spec["ago"] < 2:
            made += 1
            continue  # still piloting
        waves = (
            [(2, spread_first), (4, everyone)]
            if spec["name"] == "基层站所评议"
            else [(2, spread_first[:1] or everyone[:1]), (3, everyone[: len(everyone) // 2])]
        )
        rolled = dt.date(year + 2, 2, 15) if spec["ago"] >= 2 else None
        if rolled and rolled <= today:
            with activities_dated(rolled):
                services.practice_rollout(practice=p, actor=SYSTEM, on=rolled)
        for after, wave in waves:
            day = dt.date(year + after, 4, 1)
            if day > today:
                continue
            for town in wave:
                if town.pk == pilot.pk or p.adoptions.filter(town=town).exists():
                    continue
                with activities_dated(day):
                    services.adoption_record(
                        practice=p,
                        town=town,
                        data={
                            "adopted_on": day,
                            "evidence": f"{town.name}人大参照试点做法开展{spec['name']}。",
                            "lessons": "先试点再推开，结合本镇实际细化办法。",
                        },
                        actor=SYSTEM,
                        on=today,
                    )
        if spec.get("summary") and dt.date(year + 4, 12, 20) <= today:
            day = dt.date(year + 4, 12, 20)
            with activities_dated(day):
                services.practice_summarise(practice=p, summary=spec["summary"], actor=SYSTEM, on=day)
        made += 1
    return made


def _sixhaves(towns: list[Town], today: dt.date) -> int:
    year = today.year - 1
    made = 0
    for n, town in enumerate(towns):
        if SixHaves._base_manager.filter(town=town, year=year).exists():
            continue
        fate = "draft" if n == len(towns) - 1 else "returned" if n == len(towns) - 2 else "submitted"
        day = dt.date(today.year, 1, 10 + n % 15)
        with activities_dated(day):
            s = services.sixhaves_open(town=town, year=year, actor=SYSTEM, on=day)
            services.sixhaves_budget_set(
                assessment=s, budget=20 + 5 * (n % 7), budget_note="列入镇财政年度预算", actor=SYSTEM
            )
            keys = list(SIX_HAVES)[: 4 if fate == "draft" else 6]
            for key in keys:
                services.sixhaves_item_save(
                    assessment=s, key=key, confirmed=True, note=NOTES[key], actor=SYSTEM
                )
            if fate != "draft":
                services.sixhaves_submit(assessment=s, actor=SYSTEM, on=day)
        if fate == "returned":
            with activities_dated(day + dt.timedelta(days=3)):
                services.sixhaves_return(
                    assessment=s, reason="“常抓不懈有成果”请补充整改销号和建议办成的具体材料", actor=SYSTEM
                )
        made += 1
    return made


def build(*, seed: int | None = None, log=None) -> dict:
    log = log or (lambda _m: None)
    today = timezone.localdate()
    towns = _towns()
    if not towns:
        return {"practices": 0, "sixhaves": 0}
    practices = _practices(towns[0].district, towns, today)
    sixhaves = _sixhaves(towns, today)
    log(f"  工作经验库：{practices} 项做法；六有自评：{sixhaves} 个镇")
    return {"practices": practices, "sixhaves": sixhaves}
