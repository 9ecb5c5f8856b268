"""The campaign figures of a chosen year on the dashboards (renda.reports; docs/concepts.md "Dashboards").

The towns' follow-up tasks of the campaigns launched in the year (the task list's year=): all of them, done on
time, done late, not yet done (standing=on_time / late / not_yet, as the campaign board's task_standing).

The invitations of town chairs and vice-chairs: per town and year, how many times its chairs were invited to
district events and how many times they attended (the invitation list's year=, town= and attended=1)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from renda.core.figures import YearCount, YearFigures, YearRate, year_list_link

from .enums import TaskStanding
from .models import ChairInvitation, TownTask
from .queries import standing_q


def year_counts(*, town_ids: list[int], year: int, today: dt.date) -> dict[int, dict[str, int]]:
    """One query for any number of towns."""
    rows = {
        r["town"]: r
        for r in TownTask.objects.filter(town__in=town_ids, campaign__launch_date__year=year)
        .values("town")
        .annotate(
            n_tasks=Count(
                "id"
            ),  # prefixed: an annotation named on_time would shadow the field in the filters
            n_on_time=Count("id", filter=standing_q(TaskStanding.ON_TIME)),
            n_late=Count("id", filter=standing_q(TaskStanding.LATE)),
            n_not_yet=Count("id", filter=standing_q(TaskStanding.NOT_YET)),
        )
        .order_by()
    }
    keys = ("tasks", "on_time", "late", "not_yet")
    return {t: {k: int(rows.get(t, {}).get(f"n_{k}", 0)) for k in keys} for t in town_ids}


def _link(**params):
    return year_list_link("campaigns:task-list", **params)


def year_figures() -> YearFigures:
    return YearFigures(
        name="campaigns",
        label=_("专项督查"),
        order=50,
        counts=year_counts,
        figures=(
            YearCount("tasks", _("跟进任务"), _link()),
            YearCount("on_time", _("按时完成"), _link(standing=TaskStanding.ON_TIME)),
            YearCount("late", _("逾期完成"), _link(standing=TaskStanding.LATE)),
            YearCount("not_yet", _("尚未完成"), _link(standing=TaskStanding.NOT_YET)),
        ),
        rates=(YearRate("on_time_rate", _("按时跟进率"), "on_time", "tasks"),),
    )


# --- invitations of town chairs and vice-chairs to district events --------------------------------------


def invitation_counts(*, town_ids: list[int], year: int, today: dt.date) -> dict[int, dict[str, int]]:
    """One query for any number of towns."""
    rows = {
        r["town"]: r
        for r in ChairInvitation.objects.filter(town__in=town_ids, event__date__year=year)
        .values("town")
        .annotate(invited=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by()
    }
    return {t: {k: int(rows.get(t, {}).get(k, 0)) for k in ("invited", "attended")} for t in town_ids}


def invitation_figures() -> YearFigures:
    return YearFigures(
        name="chair_invitations",
        label=_("邀请镇人大主席、副主席"),
        order=60,
        counts=invitation_counts,
        figures=(
            YearCount("invited", _("受邀人次"), year_list_link("campaigns:invitation-list")),
            YearCount("attended", _("出席人次"), year_list_link("campaigns:invitation-list", attended="1")),
        ),
        rates=(YearRate("attended_rate", _("出席率"), "attended", "invited"),),
    )
