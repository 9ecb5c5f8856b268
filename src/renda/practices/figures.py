"""The six-haves figures of a chosen year on the dashboards (renda.reports; docs/concepts.md "Six haves").

Per town: whether the town has opened the year's self-assessment (the six-haves list's rows of the year) and
whether it submitted it (the list's state=submitted)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.figures import YearCount, YearFigures

from .enums import SixHavesState
from .models import SixHaves


def year_counts(*, town_ids: list[int], year: int, today: dt.date) -> dict[int, dict[str, int]]:
    """One query for any number of towns."""
    rows = {
        r["town"]: r
        for r in SixHaves.objects.filter(town__in=town_ids, year=year)
        .values("town")
        .annotate(
            opened=Count("id"),
            submitted=Count("id", filter=Q(state=SixHavesState.SUBMITTED)),
        )
        .order_by()
    }
    keys = ("opened", "submitted")
    return {t: {k: int(rows.get(t, {}).get(k, 0)) for k in keys} for t in town_ids}


def _link(**params):
    def url(*, year, town=None):
        q = {"year": year, **({"town": town} if town else {}), **params}
        return reverse("practices:sixhaves-list") + "?" + urlencode(q)

    return url


def year_figures() -> YearFigures:
    return YearFigures(
        name="sixhaves",
        label=_("六有自评"),
        order=70,
        counts=year_counts,
        figures=(
            YearCount("opened", _("已填报六有自评"), _link()),
            YearCount("submitted", _("已报送六有自评"), _link(state=SixHavesState.SUBMITTED)),
        ),
    )
