"""The demo's station appraisal: published, with deputies' and voters' sheets, a ranking and key problems that
became rectification items; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.oversight import demo_appraisal
from renda.oversight.models import Appraisal, RectificationItem, ScoreSheet
from renda.registry.demo import build_demo


@pytest.mark.django_db
def test_demo_appraisal_is_published_with_a_ranking_and_is_idempotent():
    cache.clear()
    with scopes_disabled():  # a command works across towns
        build_demo(seed=7, towns=["pingwang"])
        first = demo_appraisal.build(seed=7)
        again = demo_appraisal.build(seed=7)
        a = Appraisal.objects.get()
        stations = list(a.stations.order_by("rank"))
        sources = set(ScoreSheet.objects.values_list("source", flat=True))
        items = list(RectificationItem.objects.filter(station__appraisal=a))
    assert first["appraisals"] == 1 and first["items"] == 2
    assert again == {"appraisals": 0, "sheets": 0, "items": 0}
    assert (a.state, a.year, a.town.name) == ("published", timezone.localdate().year - 1, "平望镇")
    assert sources == {"deputy", "voter"}
    assert [s.rank for s in stations] == sorted(s.rank for s in stations) and stations[0].rank == 1
    assert all(s.score is not None and s.sheets > 0 for s in stations)
    # The key problems are the two lowest-ranked stations' rectification items.
    assert {i.station_id for i in items} == {s.pk for s in stations[-2:]}
    cache.clear()
