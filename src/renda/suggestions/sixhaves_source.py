"""The suggestions app's evidence for the town's "six haves" (core.sixhaves): the suggestions of the year
closed as resolved (常抓不懈有成果), the count the suggestion list's resolved filter gives. One query."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from renda.core.sixhaves import Evidence, sixhaves_source_register

from .models import State, Suggestion
from .reports import _link


def evidence(*, town_ids, year: int) -> dict[int, list[Evidence]]:
    rows = (
        Suggestion.objects.filter(
            town__in=town_ids,
            year=year,
            state=State.CLOSED,
            outcome_class__in=settings.RENDA["SUGGESTION_RESOLVED_CLASSES"],
        )
        .values("town")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[int, list[Evidence]] = {t: [] for t in town_ids}
    for r in rows:
        out[r["town"]].append(
            Evidence(
                "results",
                _("代表建议已办成 %(n)s 件") % {"n": r["n"]},
                r["n"],
                _link(year, r["town"], state=State.CLOSED, resolved="1"),
                "suggestions.resolved",
            )
        )
    return out


def register() -> None:
    sixhaves_source_register("suggestions", evidence)
