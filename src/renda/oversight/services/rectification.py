"""Rectification items (整改事项): town staff assign an item to a responsible unit with a deadline on the deadline
engine; the unit reports progress and completion (with evidence); the presidium or staff verify it (验收: accept →
closed 销号, reject → back to the unit with a reason and a new deadline) and re-check it a configured time after
closure (回头看: confirm, or reopen with a new deadline).

Each step locks the item, refuses a stale `version` (the caller read another one: 请刷新后重试), checks the actor
(`require` on oversight/rules.py), moves the state only through `core.workflow.workflow_apply` along
workflow.RECTIFICATION (which writes the ActivityLog row) and notifies after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import CODE_LABELS, activity_record
from renda.core.deadlines.models import DueUnit
from renda.core.enums import Role
from renda.core.errors import conflict_stale
from renda.core.notifications.recipients import user_ids_with_role
from renda.core.permissions import require
from renda.core.uploads import DOCUMENTS, upload_check
from renda.core.workflow import workflow_apply

from ..enums import ReportKind
from ..models import RectificationItem, RectificationReport
from ..workflow import RECTIFICATION
from ._common import _at, _today

REPORT_CLOCK = "rectification.report"
RECHECK_CLOCK = "rectification.recheck"


def _lock(item: RectificationItem, version: int | None = None) -> RectificationItem:
    fresh = RectificationItem._base_manager.select_for_update().get(pk=item.pk)
    if version is not None and fresh.version != version:
        raise conflict_stale(_("该整改事项已被他人处理，请刷新后重试"))
    return fresh


def _check_state(item: RectificationItem, action: str) -> None:
    if not RECTIFICATION.transition(action).starts_from(item.state):
        raise RECTIFICATION.refuse(item)


def _apply(item: RectificationItem, action: str, *, actor, data: dict | None = None, **fields):
    # The service has made its own permission check (`require`) already.
    return workflow_apply(item, action, actor=actor, data=data, check=False, **fields)


# --- notifications (after commit) ----------------------------------------------------------------------


def _notify(item: RectificationItem, user_ids: Iterable[int], event: str, note: str = "") -> None:
    from renda.core.notifications.models import Notification, NotificationKind
    from renda.core.notifications.services import notifications_create

    ids = sorted({u for u in user_ids if u})
    if not ids:
        return
    params = {"item": str(item)[:120], "kind": str(CODE_LABELS.get(event, event)), "due": note}
    town_id, link = item.town_id, item.get_absolute_url()

    def send():
        notifications_create(
            [
                Notification(
                    town_id=town_id,
                    user_id=u,
                    kind=NotificationKind.RECTIFICATION,
                    template="rectification_event",
                    params=params,
                    link=link,
                )
                for u in ids
            ]
        )

    transaction.on_commit(send)


def _unit_users(item: RectificationItem) -> list[int]:
    return user_ids_with_role(role=Role.UNIT_CLERK, unit_id=item.unit_id)


def _verifier_users(item: RectificationItem) -> list[int]:
    """Town staff and the town's presidium members: who verify and re-check."""
    from renda.registry.models import PresidiumMember

    staff = user_ids_with_role(role=Role.TOWN_STAFF, town_id=item.town_id)
    members = PresidiumMember.objects.filter(town_id=item.town_id, end_date=None).values_list(
        "person_id", flat=True
    )
    return staff + user_ids_with_role(role=Role.PRESIDIUM, person_ids=list(members))


def _due_note(day: dt.date | None) -> str:
    return _("整改期限：%(due)s") % {"due": day.isoformat()} if day else ""


# --- clocks ---------------------------------------------------------------------------------------------


def _clock(item: RectificationItem, kind: str):
    from renda.core.deadlines.models import Clock

    ct = ContentType.objects.get_for_model(item, for_concrete_model=False)
    return Clock.unscoped.filter(content_type=ct, object_id=str(item.pk), kind=kind, stopped_at=None).first()


def _stop(item: RectificationItem, kind: str, actor, reason: str, at=None) -> None:
    from renda.core.deadlines.services import clock_stop

    c = _clock(item, kind)
    if c is not None:
        clock_stop(clock=c, actor=actor, reason=reason, at=at)


def rectification_months(activity) -> int | None:
    """Months a unit has by the kind of the source activity (RENDA["RECTIFICATION_MONTHS_BY_KIND"]); None: the
    rule's own default (DUE_RULES "rectification.report")."""
    if activity is None:
        return None
    months = settings.RENDA.get("RECTIFICATION_MONTHS_BY_KIND", {}).get(activity.kind)
    return int(months) if months else None


def _start_report_clock(item: RectificationItem, actor, on: dt.date, due_date: dt.date | None = None):
    """The unit's deadline: until `due_date` when given (a rejection's new deadline), else by the source's
    configured months, else the rule's default."""
    from renda.core.deadlines.services import clock_start

    amount: int | None
    if due_date is not None:
        if due_date <= on:
            raise ValidationError({"due_date": _("新的整改期限须晚于今天")})
        amount, unit = (due_date - on).days, DueUnit.CALENDAR_DAYS
    else:
        amount, unit = rectification_months(item.activity), DueUnit.CALENDAR_MONTHS
    return clock_start(
        subject=item,
        kind=REPORT_CLOCK,
        actor=actor,
        start_date=on,
        unit=item.unit,
        amount=amount,
        amount_unit=unit if amount is not None else None,
    )


# --- evidence -------------------------------------------------------------------------------------------


def _evidence_check(upload) -> str:
    limit = settings.RENDA["RECTIFICATION_EVIDENCE_MAX_BYTES"]
    return upload_check(
        upload,
        kinds=DOCUMENTS,
        max_bytes=limit,
        message=_("佐证材料只接受图片（JPG、PNG）、PDF 和 Word 文件，且扩展名须与文件内容一致"),
    )


# --- steps ----------------------------------------------------------------------------------------------


def _check_source(town, unit, activity, opinion, station) -> None:
    errors = {}
    if unit.town_id != town.pk:
        errors["unit"] = _("责任单位不属于本镇（街道）")
    elif getattr(unit, "end_date", None) is not None:
        errors["unit"] = _("责任单位已撤销")
    for name, source in (("activity", activity), ("opinion", opinion), ("station", station)):
        if source is not None and source.town_id != town.pk:
            errors[name] = _("来源记录不属于本镇（街道）")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rectification_item_create(
    *,
    town,
    title: str,
    description: str = "",
    unit,
    activity=None,
    opinion=None,
    station=None,
    actor,
    on: dt.date | None = None,
) -> RectificationItem:
    """Town staff assign an item to its responsible unit (交办): the report clock starts, the unit is told. A
    station appraisal's key problem (`station`) is selected by the presidium or staff (oversight.decide)."""
    require(actor, "oversight.decide" if station is not None else "oversight.manage", town)
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写整改事项")})
    _check_source(town, unit, activity, opinion, station)
    if opinion is not None and activity is None:
        activity = opinion.activity if getattr(opinion, "activity_id", None) else None
    on = on or _today()
    item = RectificationItem.objects.create(
        town=town,
        title=title.strip(),
        description=description or "",
        unit=unit,
        activity=activity,
        opinion=opinion,
        station=station,
    )
    clock = _start_report_clock(item, actor, on)
    item.due_date = clock.due_date
    item.save(update_fields=["due_date"])
    activity_record(
        code="rectification.created",
        actor=actor,
        subject=item,
        data={
            "unit": str(unit),
            "due_date": clock.due_date,
            "source": str(activity or opinion or station or ""),
        },
    )
    from renda.core.figures.services import figures_stale

    figures_stale(town_id=town.pk)
    _notify(item, _unit_users(item), "rectification.created", _due_note(item.due_date))
    return item


@transaction.atomic
def rectification_report_add(
    *,
    item: RectificationItem,
    kind: str,
    text: str,
    file=None,
    actor,
    version: int | None = None,
    on: dt.date | None = None,
) -> RectificationReport:
    """The unit's progress report (the state stays) or completion report (→ reported; the deadline stops).
    `on` records a report made on an earlier day (its date and the moment the deadline stopped)."""
    it = _lock(item, version)
    require(actor, "oversight.rectify", it)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("报告类型无效")})
    action = "complete" if kind == ReportKind.COMPLETION else "progress"
    _check_state(it, action)
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写整改情况")})
    real = _evidence_check(file) if file else ""
    report = RectificationReport(
        town_id=it.town_id,
        item=it,
        kind=kind,
        text=text.strip(),
        file_name=file.name[-200:] if file else "",
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if file:
        report.file.save(file.name[-200:], file, save=False)
    report.save()
    if on is not None and on < _today():  # created_at is set on insert: date it afterwards
        RectificationReport.objects.filter(pk=report.pk).update(created_at=_at(on))
    data = {"report": kind, "text": report.text, **({"file": report.file_name, "type": real} if file else {})}
    if action == "complete":
        _stop(it, REPORT_CLOCK, actor, reason=_("已报整改完成"), at=_at(on))
        _apply(item, "complete", actor=actor, data=data)
        _notify(it, _verifier_users(it), "rectification.reported")
    else:
        _apply(item, "progress", actor=actor, data=data)
    return report


@transaction.atomic
def rectification_item_accept(
    *, item: RectificationItem, actor, version: int | None = None, on: dt.date | None = None
) -> RectificationItem:
    """验收通过: closed (销号) on `on`; the re-check clock (回头看) starts."""
    from renda.core.deadlines.services import clock_start

    it = _lock(item, version)
    require(actor, "oversight.verify", it)
    _check_state(it, "accept")
    _require_completion(it)
    on = on or _today()
    clock = clock_start(subject=it, kind=RECHECK_CLOCK, actor=actor, start_date=on)
    _apply(
        item,
        "accept",
        actor=actor,
        data={"closed_on": on, "recheck_date": clock.due_date},
        closed_on=on,
        recheck_date=clock.due_date,
    )
    _notify(it, _unit_users(it), "rectification.closed")
    return item


def _require_completion(it: RectificationItem) -> None:
    """Verification needs the unit's completion report of this round (after the last rejection or reopening)."""
    last = it.reports.filter(kind=ReportKind.COMPLETION).order_by("-id").first()
    if last is None:
        raise ValidationError(_("该整改事项尚无整改完成报告，不能验收"))


@transaction.atomic
def rectification_item_reject(
    *,
    item: RectificationItem,
    reason: str,
    due_date: dt.date | None = None,
    actor,
    version: int | None = None,
    on: dt.date | None = None,
) -> RectificationItem:
    """验收不通过: back to the unit with a reason and a new deadline (given, else the rule's)."""
    it = _lock(item, version)
    require(actor, "oversight.verify", it)
    _check_state(it, "reject")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写退回理由")})
    _require_completion(it)
    on = on or _today()
    clock = _start_report_clock(it, actor, on, due_date)
    _apply(
        item,
        "reject",
        actor=actor,
        data={"reason": reason, "due_date": clock.due_date},
        rejections=it.rejections + 1,
        last_reason=reason.strip()[:500],
        due_date=clock.due_date,
    )
    _notify(it, _unit_users(it), "rectification.rejected", _due_note(clock.due_date))
    return item


@transaction.atomic
def rectification_item_recheck(
    *,
    item: RectificationItem,
    confirmed: bool,
    reason: str = "",
    due_date: dt.date | None = None,
    actor,
    version: int | None = None,
    on: dt.date | None = None,
) -> RectificationItem:
    """回头看: confirmed (it stays put right) or reopened (back to the unit, a new deadline)."""
    it = _lock(item, version)
    require(actor, "oversight.verify", it)
    action = "confirm" if confirmed else "reopen"
    _check_state(it, action)
    on = on or _today()
    if confirmed:
        _stop(it, RECHECK_CLOCK, actor, reason=_("回头看：整改到位"), at=_at(on))
        _apply(item, "confirm", actor=actor, data={"note": reason} if reason else None)
        _notify(it, _unit_users(it), "rectification.confirmed")
    else:
        if not (reason or "").strip():
            raise ValidationError({"reason": _("请填写重新整改的理由")})
        _stop(it, RECHECK_CLOCK, actor, reason=_("回头看：重新整改"), at=_at(on))
        clock = _start_report_clock(it, actor, on, due_date)
        _apply(
            item,
            "reopen",
            actor=actor,
            data={"reason": reason, "due_date": clock.due_date},
            reopenings=it.reopenings + 1,
            last_reason=reason.strip()[:500],
            due_date=clock.due_date,
        )
        _notify(it, _unit_users(it), "rectification.reopened", _due_note(clock.due_date))
    return item


__all__ = [
    "rectification_item_accept",
    "rectification_item_create",
    "rectification_item_recheck",
    "rectification_item_reject",
    "rectification_months",
    "rectification_report_add",
]
