"""The invitations of town chairs and vice-chairs on the dashboards (renda.reports; docs/concepts.md): per town
and year, how many times its chairs were invited to district events and how many times they attended (the
invitation list's year=, town= and attended=1)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from renda.core.figures import YearCount, YearFigures, YearRate

from .models import ChairInvitation
from .queries_exchange import invitation_link


def year_counts(*, town_ids: list[int], year: int, today: dt.date) -> dict[int, dict[str, int]]:
    """One query for any number of towns."""
    rows = {
        r["town"]: r
        for r in ChairInvitation.objects.filter(town__in=town_ids, event__date__year=year)
        .values("town")
        .annotate(invited=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by()
    }
    return {t: {k: int(rows.get(t, {}).get(k, 0)) for k in ("invited", "attended")} for t in town_ids}


def _link(attended: bool):
    def url(*, year, town=None):
        return invitation_link(year=year, town=town, attended=attended)

    return url


def year_figures() -> YearFigures:
    return YearFigures(
        name="chair_invitations",
        label=_("邀请镇人大主席、副主席"),
        order=60,
        counts=year_counts,
        figures=(
            YearCount("invited", _("受邀人次"), _link(False)),
            YearCount("attended", _("出席人次"), _link(True)),
        ),
        rates=(YearRate("attended_rate", _("出席率"), "attended", "invited"),),
    )
