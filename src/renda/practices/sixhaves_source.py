"""The practices app's own evidence for the town's "six haves" (core.sixhaves): the practices of the library the
town runs by the end of the year (代表活动有特色), with the link to the library filtered to the town. One query."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.sixhaves import Evidence, sixhaves_source_register

from .models import Adoption


def evidence(*, town_ids, year: int) -> dict[int, list[Evidence]]:
    names: dict[int, list[str]] = defaultdict(list)
    for town_id, name in (
        Adoption.objects.filter(town__in=town_ids, adopted_on__year__lte=year)
        .order_by("adopted_on", "id")
        .values_list("town_id", "practice__name")
    ):
        names[town_id].append(name)
    out: dict[int, list[Evidence]] = {t: [] for t in town_ids}
    for town_id, rows in names.items():
        out[town_id].append(
            Evidence(
                "character",
                _("开展工作经验做法 %(n)s 项：%(names)s") % {"n": len(rows), "names": "、".join(rows)},
                len(rows),
                reverse("practices:practice-list") + "?" + urlencode({"town": town_id}),
                "practices.adoption",
            )
        )
    return out


def register() -> None:
    sixhaves_source_register("practices", evidence)
