"""The whole demo district, one transaction per township-level unit."""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core import services as core_services
from renda.core.actors import SYSTEM
from renda.core.audit import activities_dated
from renda.core.enums import Role, TownKind
from renda.core.models import District, Town, User

from .. import services as reg
from ..divisions import division_load
from ..models import Term, Village
from .accounts import ATTACHMENTS, DemoResult, demo_accounts, slug_for
from .builder import UnitBuilder

# --- the whole demo ------------------------------------------------------------------------------


def _select(all_units: list[Town], towns: Iterable[str] | None) -> list[Town]:
    if towns is None:
        return all_units
    wanted = set(towns)
    return [
        t
        for t in all_units
        if slug_for(t) in wanted or t.code in wanted or t.code[:9] in wanted or t.name in wanted
    ]


def build_demo(*, seed: int | None = None, towns: Iterable[str] | None = None, log=None) -> DemoResult:
    """Load 吴江区 and build the demo; `towns` (slugs, codes or names) limits it to some units (tests)."""
    started = time.perf_counter()
    seed = settings.RENDA["DEMO_SEED"] if seed is None else seed
    log = log or (lambda _msg: None)
    today = timezone.localdate()
    code = settings.RENDA["DEMO_DISTRICT_CODE"]
    with scopes_disabled():  # a command works across towns
        division_load(code=code, actor=SYSTEM)
        district = District.objects.get(code=code)
        all_units = list(Town.objects.filter(district=district).order_by("code"))
        units = [t for t in _select(all_units, towns) if t.kind in (TownKind.TOWN, TownKind.SUBDISTRICT)]
        result = DemoResult(accounts=demo_accounts(units))
        by_code = {t.code[:9]: t for t in all_units}
        with transaction.atomic():
            if not User.objects.filter(username="district").exists():
                user = core_services.user_create(
                    username="district",
                    password=settings.RENDA["DEMO_PASSWORD"],
                    display_name=f"{district.name}人大常委会",
                    actor=SYSTEM,
                )
                core_services.role_grant_create(
                    user=user, role=Role.DISTRICT_STAFF, district=district, actor=SYSTEM
                )
            # 区镇合一: attach the zones' villages to their town before that town draws its electoral districts.
            for zone_code, town_code in ATTACHMENTS.items():
                target = by_code.get(town_code)
                if target is None or target not in units or zone_code not in by_code:
                    continue
                for v in Village.objects.filter(division_town=by_code[zone_code]).exclude(town=target):
                    if not Term.objects.filter(town=target).exists():  # only while the town is still unbuilt
                        reg.village_attach(village=v, town=target, actor=SYSTEM)
        congress_towns = [t for t in units if t.kind == TownKind.TOWN]
        gap_plan: dict[int, set[str]] = {}
        if congress_towns:
            gap_plan.setdefault(congress_towns[0].pk, set()).update({"uncovered", "unserved", "small_group"})
            gap_plan.setdefault(congress_towns[-1].pk, set()).update({"no_vice_chair", "vacancy"})
        first_subdistrict = next((t for t in units if t.kind == TownKind.SUBDISTRICT), None)
        for town in units:
            if User.objects.filter(username=f"{slug_for(town)}_staff").exists():
                result.skipped.append(town.name)
                continue
            t0 = time.perf_counter()
            with transaction.atomic():
                b = UnitBuilder(
                    town, seed=seed, today=today, gaps=gap_plan.get(town.pk, set()), result=result
                )
                with activities_dated(b.term_start):  # the register was set up as the term began
                    if town.kind == TownKind.TOWN:
                        info = b.build_town()
                    else:
                        info = b.build_subdistrict(with_deputy_account=town == first_subdistrict)
            result.built.append(town.name)
            log(f"{town.name}：{info}，{time.perf_counter() - t0:.1f} 秒")
    result.seconds = time.perf_counter() - started
    return result
