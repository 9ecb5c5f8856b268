"""The registry's evidence for the town's "six haves" (core.sixhaves): the liaison posts (代表之家、工作站、
工作室) open in the year (工作开展有平台), the count the liaison-post list shows for the town. One query."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.sixhaves import Evidence, sixhaves_source_register

from .models import LiaisonPost


def evidence(*, town_ids, year: int) -> dict[int, list[Evidence]]:
    start = dt.date(year, 1, 1)
    rows = (
        LiaisonPost.objects.filter(town__in=town_ids)
        .filter(Q(end_date=None) | Q(end_date__gte=start))
        .values("town")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[int, list[Evidence]] = {t: [] for t in town_ids}
    for r in rows:
        out[r["town"]].append(
            Evidence(
                "platform",
                _("代表联络站点 %(n)s 个") % {"n": r["n"]},
                r["n"],
                reverse("registry:liaisonpost-list") + "?" + urlencode({"town": r["town"]}),
                "registry.liaisonpost",
            )
        )
    return out


def register() -> None:
    sixhaves_source_register("registry", evidence)
