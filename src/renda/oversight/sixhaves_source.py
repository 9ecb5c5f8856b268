"""The oversight app's evidence for the town's "six haves" (core.sixhaves): the year's work plan the presidium
approved (有制度), the activities held in the year (有特色) and the rectification items of the year put right (有成果).
Three queries for any number of towns."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.sixhaves import Evidence, sixhaves_source_register

from .enums import ActivityState, PlanState
from .models import Activity, RectificationItem, WorkPlan
from .queries_rectification import DONE_STATES


def _list(name: str, **params) -> str:
    return reverse(name) + "?" + urlencode(params)


def evidence(*, town_ids, year: int) -> dict[int, list[Evidence]]:
    out: dict[int, list[Evidence]] = {t: [] for t in town_ids}
    for p in WorkPlan.objects.filter(town__in=town_ids, year=year, state=PlanState.APPROVED):
        out[p.town_id].append(
            Evidence(
                "rules",
                _("主席团已通过%(year)s年度闭会期间工作计划") % {"year": year},
                1,
                p.get_absolute_url(),
                "oversight.plan",
            )
        )
    held = (
        Activity.objects.filter(town__in=town_ids, state=ActivityState.HELD, start_date__year=year)
        .values("town")
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in held:
        out[r["town"]].append(
            Evidence(
                "character",
                _("开展闭会期间活动 %(n)s 次") % {"n": r["n"]},
                r["n"],
                _list("oversight:activity-list", year=year, town=r["town"], state=ActivityState.HELD),
                "oversight.activity",
            )
        )
    closed = (
        RectificationItem.objects.filter(town__in=town_ids, created_at__year=year)
        .values("town")
        .annotate(n=Count("id", filter=Q(state__in=DONE_STATES)))
        .order_by()
    )
    for r in closed:
        if r["n"]:
            out[r["town"]].append(
                Evidence(
                    "results",
                    _("整改事项已销号 %(n)s 项") % {"n": r["n"]},
                    r["n"],
                    _list("oversight:item-list", year=year, town=r["town"], state="done"),
                    "oversight.rectification",
                )
            )
    return out


def register() -> None:
    sixhaves_source_register("oversight", evidence)
