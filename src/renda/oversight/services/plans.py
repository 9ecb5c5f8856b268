"""The presidium's yearly work plan (年度工作计划): create, change the lines of a draft, submit, approve or
return, and amend an approved plan (a recorded revision that keeps the old lines) — through ..workflow.PLAN."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.models import Town
from renda.core.permissions import require
from renda.core.workflow import workflow_apply

from ..enums import ActivityKind, PlanState
from ..models import PlanItem, PlanRevision, WorkPlan
from ._common import _at, _locked, _same_town

ITEM_FIELDS = ("kind", "topic", "month", "responsible")


def _item_snapshot(item: PlanItem) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "topic": item.topic,
        "month": item.month,
        "responsible_id": item.responsible_id,
        "responsible": str(item.responsible) if item.responsible_id else "",
        "position": item.position,
        "withdrawn": item.withdrawn,
    }


def _item_check(plan: WorkPlan, data: dict) -> None:
    if data.get("kind") is not None and data["kind"] not in ActivityKind.values:
        raise ValidationError({"kind": _("活动类型无效")})
    month = data.get("month")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValidationError({"month": _("计划月份须在 1 至 12 之间")})
    if "topic" in data and not str(data["topic"] or "").strip():
        raise ValidationError({"topic": _("请填写主题")})
    _same_town(plan.town, [data.get("responsible")])


@transaction.atomic
def plan_create(*, town: Town, data: dict, actor) -> WorkPlan:
    """A town's plan for one year (a draft); one per town and year."""
    require(actor, "oversight.manage", town)
    year = int(data.get("year") or 0)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度无效")})
    if WorkPlan.objects.filter(town=town, year=year).exists():
        raise ValidationError({"year": _("本镇（街道）该年度已有工作计划")})
    title = (data.get("title") or "").strip() or _("%(town)s人大主席团%(year)s年度工作计划") % {
        "town": town.name,
        "year": year,
    }
    plan = WorkPlan(town=town, year=year, title=title)
    plan.full_clean()
    plan.save()
    activity_record(code="workplan.created", actor=actor, subject=plan, data={"year": year, "title": title})
    return plan


@transaction.atomic
def plan_update(*, plan: WorkPlan, data: dict, actor, version: int | None = None) -> WorkPlan:
    """Change the title of a draft plan."""
    require(actor, "oversight.manage", plan)
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写标题")})
    return workflow_apply(plan, "update", actor=actor, version=version, data={"title": title}, title=title)


def _next_position(plan: WorkPlan) -> int:
    last = PlanItem.objects.filter(plan=plan).order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def plan_item_add(*, plan: WorkPlan, data: dict, actor, version: int | None = None) -> PlanItem:
    """A planned activity on a draft plan (an approved one changes by `plan_amend`)."""
    require(actor, "oversight.manage", plan)
    _item_check(plan, data)
    fields = {k: data.get(k) for k in ITEM_FIELDS}
    item = PlanItem(town=plan.town, plan=plan, position=_next_position(plan), **fields)
    item.full_clean(exclude=["plan", "town"])
    locked = _locked(plan)
    item.save()
    workflow_apply(
        locked, "update", actor=actor, version=version, data={"item_added": _item_snapshot(item)}, check=False
    )
    return item


@transaction.atomic
def plan_item_update(*, item: PlanItem, data: dict, actor, version: int | None = None) -> PlanItem:
    require(actor, "oversight.manage", item)
    plan = item.plan
    _item_check(plan, data)
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.full_clean(exclude=["plan", "town"])
    workflow_apply(
        plan, "update", actor=actor, version=version, data={"item_changed": _item_snapshot(item)}, check=False
    )
    item.save()
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem, actor, version: int | None = None) -> None:
    """Remove a line of a draft plan (no activity carries it yet)."""
    require(actor, "oversight.manage", item)
    if item.activities.exists():
        raise Conflict(_("已有活动对应此计划事项，不能删除"))
    snapshot = _item_snapshot(item)
    workflow_apply(item.plan, "update", actor=actor, version=version, data={"item_removed": snapshot})
    item.delete()


@transaction.atomic
def plan_submit(*, plan: WorkPlan, actor, version: int | None = None, on: dt.date | None = None) -> WorkPlan:
    """Submit the plan to the presidium; `on` records a submission made on an earlier day."""
    require(actor, "oversight.manage", plan)
    if not plan.items.filter(withdrawn=False).exists():
        raise ValidationError(_("请先填写计划事项"))
    return workflow_apply(plan, "submit", actor=actor, version=version, submitted_at=_at(on))


@transaction.atomic
def plan_approve(*, plan: WorkPlan, actor, version: int | None = None, on: dt.date | None = None) -> WorkPlan:
    """The presidium approves the plan; `on` records an approval given on an earlier day."""
    return workflow_apply(plan, "approve", actor=actor, version=version, approved_at=_at(on))


@transaction.atomic
def plan_return(*, plan: WorkPlan, reason: str, actor, version: int | None = None) -> WorkPlan:
    require(actor, "oversight.decide", plan)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回原因")})
    return workflow_apply(plan, "return", actor=actor, version=version, data={"reason": reason}, check=False)


@transaction.atomic
def plan_amend(
    *, plan: WorkPlan, reason: str, items: list[dict], actor, version: int | None = None
) -> WorkPlan:
    """Amend an approved plan: `items` are the lines as they shall be (an `id` keeps and changes a line, none
    adds one); a line left out is withdrawn, never deleted. The lines as they were are kept in a revision."""
    require(actor, "oversight.manage", plan)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写调整原因")})
    locked = _locked(plan, version)
    if locked.state != PlanState.APPROVED:
        raise Conflict(_("只有主席团已通过的计划才能调整"))
    current = {i.pk: i for i in PlanItem.objects.filter(plan=locked).select_related("responsible")}
    for row in items:
        if row.get("id") is not None and row["id"] not in current:
            raise ValidationError({"items": _("计划事项不属于此计划")})
        _item_check(locked, row)
        if row.get("id") is None and not all(row.get(k) for k in ("kind", "topic", "month")):
            raise ValidationError({"items": _("新增的计划事项须填写类型、主题和月份")})
    number = locked.revision + 1
    PlanRevision.objects.create(
        town=locked.town,
        plan=locked,
        number=number,
        reason=reason,
        before=[_item_snapshot(i) for i in current.values()],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    kept = set()
    position = max((i.position for i in current.values()), default=0)
    for row in items:
        if row.get("id") is not None:
            item = current[row["id"]]
            for name in ITEM_FIELDS:
                if name in row:
                    setattr(item, name, row[name])
            item.withdrawn = False
            item.save()
            kept.add(item.pk)
        else:
            position += 1
            fields = {k: row.get(k) for k in ITEM_FIELDS}
            item = PlanItem(town=locked.town, plan=locked, position=position, **fields)
            item.full_clean(exclude=["plan", "town"])
            item.save()
    withdrawn = [pk for pk in current if pk not in kept and not current[pk].withdrawn]
    PlanItem.objects.filter(pk__in=withdrawn).update(withdrawn=True)
    return workflow_apply(
        locked,
        "amend",
        actor=actor,
        data={"reason": reason, "revision": number, "withdrawn": withdrawn},
        check=False,
        revision=number,
    )
