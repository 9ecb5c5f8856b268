"""The figures per town (issue #15: "district staff see every town's plans, activities and rectification items,
with figures per town"): activities held in the year by type, rectification items open / overdue / closed /
reopened on re-check. Every number links to the list filtered to exactly its rows (the URL patterns are collected
by oversight/urls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from renda.core.types import YearField, query_value
from renda.registry.queries import towns_with_ids

from .. import queries_activities, queries_rectification
from ..enums import ActivityKind, ActivityState
from ._common_act import staff_town_ids

# The rectification figures and the item list's filter each stands for.
ITEM_FIGURES = (
    ("open", gettext_lazy("整改中"), {"state": "open"}),
    ("overdue", gettext_lazy("已超期"), {"overdue": "1"}),
    ("closed", gettext_lazy("已销号"), {"state": "done"}),
    ("reopened", gettext_lazy("回头看重新整改"), {"reopened": "1"}),
)


@login_required
def figures(request):
    ids = staff_town_ids(request)
    if not ids:
        raise PermissionDenied
    year = query_value(request, "year", YearField(), default=timezone.localdate().year)
    held = queries_activities.held_by_kind(user=request.user, year=year)
    items = {r["town"]: r for r in queries_rectification.rectification_figures(user=request.user, year=year)}
    activity_list, item_list = reverse("oversight:activity-list"), reverse("oversight:item-list")
    rows = []
    for town in towns_with_ids(ids):
        mine, counts = held.get(town.pk, {}), items.get(town.pk, {})
        base = {"town": town.pk, "year": year}
        rows.append(
            {
                "town": town,
                "held": [
                    (kind, label, mine.get(kind, 0), f"{activity_list}?{urlencode({**base, 'state': ActivityState.HELD, 'kind': kind})}")
                    for kind, label in ActivityKind.choices
                ],
                "held_total": (sum(mine.values()), f"{activity_list}?{urlencode({**base, 'state': ActivityState.HELD})}"),
                "items": [
                    (key, label, counts.get(key, 0), f"{item_list}?{urlencode({**base, **params})}")
                    for key, label, params in ITEM_FIGURES
                ],
            }
        )  # fmt: skip
    return render(
        request,
        "oversight/figures.html",
        {
            "year": year,
            "rows": rows,
            "kinds": ActivityKind.choices,
            "item_labels": [(key, label) for key, label, _p in ITEM_FIGURES],
        },
    )


urlpatterns: list = [path("figures/", figures, name="figures")]
