"""The performance app's evidence for the town's "six haves" (core.sixhaves): whether the year's assessment of
the deputies ran (履职情况有考核), with the link to it. One query."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renda.core.sixhaves import Evidence, sixhaves_source_register

from .models import Assessment


def evidence(*, town_ids, year: int) -> dict[int, list[Evidence]]:
    out: dict[int, list[Evidence]] = {t: [] for t in town_ids}
    for a in Assessment.objects.filter(town__in=town_ids, year=year):
        out[a.town_id].append(
            Evidence(
                "assessment",
                _("已开展%(year)s年度代表履职考核（%(day)s）") % {"year": year, "day": a.run_at.date()},
                1,
                a.get_absolute_url(),
                "performance.assessment",
            )
        )
    return out


def register() -> None:
    sixhaves_source_register("performance", evidence)
