"""Town tasks API: list, detail, the town's report, history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from renda.core.api_parts import HistoryOut, history_rows
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset

from .. import queries, services
from ..models import TownTask

router = Router(tags=["campaigns"])

M = {"x-renda-model": "campaigns.towntask"}


class TaskOut(Schema):
    id: int
    town: int
    campaign: int
    campaign_title: str
    state: str
    state_label: str
    standing: str
    due_date: dt.date | None
    done_on: dt.date | None
    on_time: bool | None
    activity: int | None
    findings: dict[str, int]
    version: int


class TaskDetailOut(TaskOut):
    note: str
    categories: list[str]
    actions: list[str]


class TaskListOut(Schema):
    count: int
    items: list[TaskOut]


class ReportIn(Schema):
    activity_id: Id
    findings: dict[str, int] = {}
    note: str = ""
    version: Count | None = None


def _out(t: TownTask) -> dict:
    return {
        "id": t.pk,
        "town": t.town_id,
        "campaign": t.campaign_id,
        "campaign_title": t.campaign.title,
        "state": t.state,
        "state_label": t.get_state_display(),
        "standing": queries.task_standing(t),
        "due_date": t.due_date,
        "done_on": t.done_on,
        "on_time": t.on_time,
        "activity": t.activity_id,
        "findings": dict(t.findings or {}),
        "version": t.version,
    }


def _detail(request, pk) -> dict:
    t = queries.task_get_for(user=request.user, pk=pk)
    return _out(t) | {
        "note": t.note,
        "categories": list(t.campaign.categories),
        "actions": sorted(queries.task_actions_for(user=request.user, task=t)),
    }


@router.get("/tasks", response=TaskListOut)
def task_list(
    request,
    state: str = "",
    campaign: Id | None = None,
    town: Id | None = None,
    late: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """The follow-up tasks of the towns this user works on."""
    qs = queries.tasks_filtered(user=request.user, state=state, campaign=campaign, town=town, late=late)
    total = qs.count()
    rows = rows_by_key(qs.select_related("campaign"), offset, offset + min(limit, 500))
    return {"count": total, "items": [_out(t) for t in rows]}


@router.get("/tasks/{pk}", response=TaskDetailOut, openapi_extra=M)
def task_get(request, pk: Id):
    return _detail(request, pk)


@router.post("/tasks/{pk}/report", response=TaskDetailOut, openapi_extra=M)
def task_report(request, pk: Id, payload: ReportIn):
    """The town's follow-up: the activity it held (held, of its town, on or after the launch) and findings per
    category."""
    t = queries.task_get_for(user=request.user, pk=pk)
    activity = queries.activities_of_town(town_id=t.town_id).filter(pk=payload.activity_id).first()
    if activity is None:
        raise ValidationError({"activity_id": _("跟进活动不存在或不属于本镇（街道）")})
    services.town_task_report(
        task=t,
        activity=activity,
        findings=payload.findings,
        note=payload.note,
        actor=request.user,
        version=payload.version,
    )
    return _detail(request, pk)


@router.get("/tasks/{pk}/history", response=list[HistoryOut], openapi_extra=M)
def task_history(request, pk: Id):
    t = queries.task_get_for(user=request.user, pk=pk)
    return history_rows(t)
