"""A town's follow-up (跟进): its staff link the oversight activity the town held for the campaign (held, of the
town, on or after the launch, of a required kind when the campaign names some) and count its findings per
category; the task is done on time or late by its window, and its clock stops.

Refused with nothing changed: another town's task (the access function answers 404 first; the rule refuses
too), a closed campaign, a task already reported, an activity that does not fit, unknown categories or
negative counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.errors import Conflict
from renda.core.permissions import require
from renda.core.workflow import workflow_apply

from ..enums import CampaignState
from ..models import Campaign, TownTask
from ..workflow import TASK
from ._common import _locked, _today

__all__ = ["findings_checked", "town_task_report"]


def findings_checked(campaign: Campaign, findings: dict[str, Any]) -> dict[str, int]:
    """Counts per category of the campaign: every category present (0 when not given), whole numbers ≥ 0."""
    unknown = [k for k in findings if k not in campaign.categories]
    if unknown:
        raise ValidationError(
            {"findings": _("不是本次专项督查的问题类别：%(names)s") % {"names": "、".join(unknown)}}
        )
    out: dict[str, int] = {}
    for category in campaign.categories:
        value = findings.get(category) or 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 1_000_000:
            raise ValidationError({"findings": _("“%(name)s”的数量须为不小于 0 的整数") % {"name": category}})
        out[category] = value
    return out


def _activity_checked(task: TownTask, campaign: Campaign, activity) -> None:
    from renda.oversight.enums import ActivityState

    if activity is None:
        raise ValidationError({"activity": _("请选择本镇开展的跟进活动")})
    if activity.town_id != task.town_id:
        raise ValidationError({"activity": _("跟进活动须是本镇（街道）开展的活动")})
    if activity.state != ActivityState.HELD:
        raise ValidationError({"activity": _("跟进活动须已开展（已登记活动情况）")})
    if campaign.launch_date and activity.start_date < campaign.launch_date:
        raise ValidationError(
            {"activity": _("跟进活动须在专项督查部署（%(day)s）之后开展") % {"day": campaign.launch_date}}
        )
    if campaign.required_kinds and activity.kind not in campaign.required_kinds:
        raise ValidationError({"activity": _("跟进活动的类型不在本次专项督查要求的类型之内")})


@transaction.atomic
def town_task_report(
    *,
    task: TownTask,
    activity,
    findings: dict[str, Any],
    note: str = "",
    actor,
    version: int | None = None,
    on: dt.date | None = None,
) -> TownTask:
    """The town reports its follow-up: done on `on` (today), on time when on or before the task's due date."""
    from renda.core.deadlines.services import clock_stop

    from ..queries import task_clock

    t = _locked(task, version)
    require(actor, "campaigns.report", t)
    campaign = Campaign.objects.select_for_update().get(pk=t.campaign_id)
    if campaign.state != CampaignState.LAUNCHED:
        raise Conflict(_("专项督查已结束，不能再报送跟进情况"))
    if not TASK.transition("report").starts_from(t.state):
        raise TASK.refuse(t)
    _activity_checked(t, campaign, activity)
    counts = findings_checked(campaign, findings or {})
    on = on or _today()
    on_time = bool(t.due_date is None or on <= t.due_date)
    t = workflow_apply(
        t,
        "report",
        actor=actor,
        check=False,
        data={"activity": str(activity), "findings": counts, "on_time": on_time},
        activity=activity,
        findings=counts,
        note=note or "",
        done_on=on,
        on_time=on_time,
    )
    clock = task_clock(t)
    if clock is not None:
        clock_stop(clock=clock, actor=actor, reason=_("已报送跟进情况"))
    for name in ("activity", "findings", "note", "done_on", "on_time"):
        setattr(task, name, getattr(t, name))
    return t
