"""The demo's practice library and six haves: 基层站所评议 piloted in one town, in 黎里镇 and 平望镇 two years later
and in every town after that; every demo town has last year's self-assessment, two not yet submitted (one being
filled in, one returned); a second run adds nothing (its time is measured with the whole demo, not asserted here)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.enums import TownKind
from renda.core.models import Town
from renda.practices import demo
from renda.practices.models import Practice, SixHaves
from renda.registry.demo import build_demo


@pytest.mark.django_db
def test_demo_practices_spread_and_six_haves_are_submitted_but_two():
    cache.clear()
    today = timezone.localdate()
    with scopes_disabled():  # a command works across towns
        build_demo(seed=7, towns=["pingwang", "lili", "tongli"])
        first = demo.build(seed=7)
        again = demo.build(seed=7)
        p = Practice.objects.get(name="基层站所评议")
        adoptions = {a.town.name: a.adopted_on.year for a in p.adoptions.select_related("town")}
        towns = Town.objects.filter(district=p.district, kind=TownKind.TOWN, active=True).count()
        states = sorted(SixHaves.objects.filter(year=today.year - 1).values_list("state", "returned_reason"))
        names = set(Practice.objects.values_list("name", flat=True))
    assert first == {"practices": 4, "sixhaves": 3} and again == {"practices": 0, "sixhaves": 0}
    assert names == {"基层站所评议", "接访日", "三心六有工作法", "三级代表混合编组"}
    assert (p.state, p.pilot_town.name, p.pilot_year) == ("summarised", "同里镇", today.year - 6)
    assert adoptions["同里镇"] == p.pilot_year
    assert adoptions["黎里镇"] == adoptions["平望镇"] == p.pilot_year + 2
    assert len(adoptions) == towns and set(adoptions.values()) == {
        p.pilot_year,
        p.pilot_year + 2,
        p.pilot_year + 4,
    }
    assert [s for s, _r in states] == ["draft", "draft", "submitted"]
    assert sum(1 for _s, r in states if r) == 1  # one of the two was returned by the district
    assert Practice.objects.get(name="三级代表混合编组").state == "piloting"
    cache.clear()
