"""Campaigns (专项督查): district staff create one (towns covered, window, follow-up kinds, finding categories),
launch it (one task per covered town, each with its follow-up clock; the towns' staff told at once) and close
it (open tasks stop their clocks and stay "not yet").

Each step checks the actor (`require` on campaigns/rules.py), moves the state only through
`core.workflow.workflow_apply` along workflow.CAMPAIGN (which writes the ActivityLog row) and notifies after
commit. Launching twice (a double click, two tabs) finds the campaign launched: a Conflict, no second set of
tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.deadlines.models import DueUnit
from renda.core.enums import Role
from renda.core.errors import Conflict
from renda.core.notifications.recipients import user_ids_with_role
from renda.core.permissions import require
from renda.core.workflow import workflow_apply

from ..clocks import FOLLOWUP_CLOCK
from ..enums import CampaignState
from ..models import Campaign, TownTask
from ..workflow import CAMPAIGN
from ._common import _locked, _notify, _today

__all__ = [
    "campaign_close",
    "campaign_create",
    "campaign_launch",
    "campaign_towns_default",
    "campaign_update",
    "categories_parse",
]


def campaign_towns_default(*, district) -> list:
    """Every active town with a congress in the district (subdistricts and zones only when chosen)."""
    from renda.core.models import Town

    return [t for t in Town.objects.filter(district=district, active=True).order_by("code") if t.has_congress]


def categories_parse(value) -> list[str]:
    """Finding categories from a list or from text separated by 、 ， , ; or new lines; blanks and repeats
    dropped, the order kept."""
    if isinstance(value, str):
        for sep in ("、", "，", ",", "；", ";", "\r"):
            value = value.replace(sep, "\n")
        value = value.split("\n")
    out: list[str] = []
    for v in value or []:
        v = str(v).strip()
        if v and v not in out:
            out.append(v)
    return out


def _checked(district, data: dict[str, Any]) -> dict[str, Any]:
    from renda.oversight.enums import ActivityKind, ActivityState

    errors: dict[str, str] = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = _("请填写专项督查名称")
    towns = data.get("towns")
    towns = campaign_towns_default(district=district) if towns is None else list(towns)
    if not towns:
        errors["towns"] = _("请至少选择一个镇（街道）")
    elif any(t.district_id != district.pk for t in towns):
        errors["towns"] = _("只能选择本区的镇（街道）")
    days = data.get("followup_days")
    days = settings.RENDA["CAMPAIGN_FOLLOWUP_DAYS"] if days is None else days
    if not isinstance(days, int) or days < 1:
        errors["followup_days"] = _("跟进期限至少为 1 天")
    elif days > settings.RENDA["CAMPAIGN_FOLLOWUP_DAYS_MAX"]:
        errors["followup_days"] = _("跟进期限不能超过 %(max)s 天") % {
            "max": settings.RENDA["CAMPAIGN_FOLLOWUP_DAYS_MAX"]
        }
    kinds = list(dict.fromkeys(data.get("required_kinds") or []))
    if any(k not in ActivityKind.values for k in kinds):
        errors["required_kinds"] = _("跟进活动类型无效")
    categories = categories_parse(data.get("categories") or [])
    if len(categories) > settings.RENDA["CAMPAIGN_CATEGORIES_MAX"]:
        errors["categories"] = _("问题类别最多 %(max)s 个") % {
            "max": settings.RENDA["CAMPAIGN_CATEGORIES_MAX"]
        }
    elif any(len(c) > 50 for c in categories):
        errors["categories"] = _("每个问题类别不超过 50 个字")
    activity = data.get("launch_activity")
    if activity is not None and (
        activity.town.district_id != district.pk or activity.state == ActivityState.CANCELLED
    ):
        errors["launch_activity"] = _("区级部署活动须是本区未取消的活动")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "theme": (data.get("theme") or "").strip(),
        "description": data.get("description") or "",
        "towns": towns,
        "followup_days": days,
        "required_kinds": kinds,
        "categories": categories,
        "launch_activity": activity,
    }


@transaction.atomic
def campaign_create(*, district, data: dict[str, Any], actor) -> Campaign:
    """District staff draft a campaign. `data`: title, theme, description, towns (default: every town with a
    congress), followup_days (default RENDA["CAMPAIGN_FOLLOWUP_DAYS"]), required_kinds (oversight activity
    kinds), categories (list or text), launch_activity (optional)."""
    require(actor, "campaigns.manage", district)
    d = _checked(district, data)
    towns = d.pop("towns")
    campaign = Campaign(district=district, **d)
    campaign.full_clean(exclude=["towns"])
    campaign.save()
    campaign.towns.set(towns)
    activity_record(
        code="campaign.created",
        actor=actor,
        subject=campaign,
        data={
            "title": campaign.title,
            "towns": [t.name for t in towns],
            "followup_days": campaign.followup_days,
            "categories": campaign.categories,
        },
    )
    return campaign


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, data: dict[str, Any], actor, version: int | None = None
) -> Campaign:
    """District staff change a draft (the same fields and checks as creating it); a launched or closed
    campaign is not changed any more."""
    c = _locked(campaign, version)
    require(actor, "campaigns.manage", c)
    if c.state != CampaignState.DRAFT:
        raise Conflict(_("专项督查已部署，不能再修改"))
    current = {
        "title": c.title,
        "theme": c.theme,
        "description": c.description,
        "towns": list(c.towns.all()),
        "followup_days": c.followup_days,
        "required_kinds": c.required_kinds,
        "categories": c.categories,
        "launch_activity": c.launch_activity,
    }
    d = _checked(c.district, current | data)
    towns = d.pop("towns")
    changed = [k for k, v in d.items() if getattr(c, k) != v]
    if {t.pk for t in towns} != {t.pk for t in current["towns"]}:
        changed.append("towns")
    for k, v in d.items():
        setattr(c, k, v)
    c.version += 1
    c.full_clean(exclude=["towns"])
    c.save()
    c.towns.set(towns)
    activity_record(code="campaign.updated", actor=actor, subject=c, data={"changed": changed})
    campaign.version = c.version
    return c


def _start_clock(task: TownTask, actor, on: dt.date, days: int):
    from renda.core.deadlines.services import clock_start

    return clock_start(
        subject=task,
        kind=FOLLOWUP_CLOCK,
        actor=actor,
        start_date=on,
        amount=days,
        amount_unit=DueUnit.CALENDAR_DAYS,
    )


@transaction.atomic
def campaign_launch(
    *, campaign: Campaign, actor, version: int | None = None, on: dt.date | None = None
) -> Campaign:
    """Launch (部署): the campaign is launched on `on` (today); one task per covered town starts its follow-up
    clock; each town's staff are told at once (after commit)."""
    c = _locked(campaign, version)
    require(actor, "campaigns.manage", c)
    if not CAMPAIGN.transition("launch").starts_from(c.state):
        raise CAMPAIGN.refuse(c)
    towns = list(c.towns.order_by("code"))
    if not towns:
        raise ValidationError({"towns": _("专项督查没有参加的镇（街道），不能部署")})
    on = on or _today()
    c = workflow_apply(c, "launch", actor=actor, check=False, data={"towns": len(towns)}, launch_date=on)
    rows = []
    for town in towns:
        task = TownTask.objects.create(town=town, campaign=c)
        clock = _start_clock(task, actor, on, c.followup_days)
        task.due_date = clock.due_date
        task.save(update_fields=["due_date"])
        activity_record(code="towntask.created", actor=actor, subject=task, data={"due_date": clock.due_date})
        params = {"campaign": c.title[:120], "due": clock.due_date.isoformat()}
        rows += [
            (town.pk, u, task.get_absolute_url(), params)
            for u in user_ids_with_role(role=Role.TOWN_STAFF, town_id=town.pk)
        ]
    _notify(rows, "campaign_task")
    campaign.launch_date = c.launch_date
    return c


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor, version: int | None = None, on: dt.date | None = None):
    """District staff close the campaign: tasks not done stop their clocks (nothing more is sent) and stay
    "not yet" on the board; no town may report any more."""
    from renda.core.deadlines.services import clock_stop

    from ..queries import task_clock

    c = _locked(campaign, version)
    require(actor, "campaigns.manage", c)
    if c.state != CampaignState.LAUNCHED:
        raise CAMPAIGN.refuse(c)
    on = on or _today()
    c = workflow_apply(c, "close", actor=actor, check=False, closed_on=on)
    for task in TownTask._base_manager.filter(campaign=c, done_on=None):
        clock = task_clock(task)
        if clock is not None:
            clock_stop(clock=clock, actor=actor, reason=_("专项督查已结束"))
    return c
