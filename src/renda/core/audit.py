"""The audit trail: every service writes one ActivityLog row per change (DESIGN convention 5)."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ActivityLog

# Chinese labels of the verbs in dotted codes; a code's own label (below) wins over its verb's.
VERB_LABELS = {
    "created": _("新增"),
    "updated": _("修改"),
    "ended": _("终止"),
    "imported": _("导入"),
    "loaded": _("载入"),
    "attached": _("调整归属"),
    "granted": _("授权"),
    "revoked": _("撤销授权"),
    "pii_viewed": _("查看完整个人信息"),
    "password_changed": _("修改密码"),
    "token_created": _("创建接口令牌"),
    "locked_out": _("登录失败过多被锁定"),
    "otp_enrolled": _("绑定动态口令"),
    "unlocked": _("解除登录锁定"),
}
CODE_LABELS: dict[str, Any] = {}
# Labels of audit data keys that are not fields of the model ("reason", "photos"): by "app.model.key" or by key;
# the apps add theirs in their phrases.register().
KEY_LABELS: dict[str, Any] = {
    "reason": _("理由"),
    "note": _("备注"),
    "changes": _("变更"),
    "before": _("修改前"),
    "after": _("修改后"),
    "at": _("时间"),
}
# How a stored value of a key reads when it is not a field choice (a configured category): "app.model.key" -> fn.
VALUE_LABELS: dict[str, Callable[[Any], str]] = {}


def activity_label(code: str) -> str:
    if code in CODE_LABELS:
        return str(CODE_LABELS[code])
    verb = code.rsplit(".", 1)[-1]
    return str(VERB_LABELS.get(verb, code))


def to_json(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: to_json(getattr(obj, name)) for name in fields}


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


# The moment audit rows are dated at inside activities_dated(); None: now, as they are written.
_DATED: ContextVar[dt.datetime | None] = ContextVar("activities_dated", default=None)
DATED_HOUR = 10  # a date given to activities_dated() means that day at this hour (local time)


@contextlib.contextmanager
def activities_dated(at: dt.date | dt.datetime) -> Iterator[None]:
    """Date the audit rows written inside the block at `at` (a date: that day at DATED_HOUR), never later
    than now. For the demo only (seeding writes past events through the services): a real change is always
    recorded when it is made. Blocks nest; the innermost wins."""
    if not isinstance(at, dt.datetime):
        at = dt.datetime(at.year, at.month, at.day, DATED_HOUR, tzinfo=timezone.get_current_timezone())
    token = _DATED.set(at)
    try:
        yield
    finally:
        _DATED.reset(token)


def _stamp() -> dt.datetime:
    now = timezone.now()
    at = _DATED.get()
    return now if at is None or at > now else at


def activity_record(
    *, code: str, actor, subject: models.Model, town=None, data: dict | None = None
) -> ActivityLog:
    """Write one audit row. `town` defaults to the subject's own town."""
    if town is None:
        town = getattr(subject, "town", None)
    return ActivityLog.unscoped.create(
        created_at=_stamp(),
        code=code,
        actor=actor if getattr(actor, "pk", None) else None,
        town=town,
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=str(subject.pk),
        object_repr=str(subject)[:200],
        data=to_json(data or {}),
    )


def activity_record_many(*, code: str, actor, rows: list[tuple[models.Model, dict]]) -> None:
    """One audit row per (subject, data) pair, as activity_record writes them, in one insert per batch."""
    actor = actor if getattr(actor, "pk", None) else None
    types: dict[type, ContentType] = {}
    logs = []
    stamp = _stamp()
    for subject, data in rows:
        kind = type(subject)
        if kind not in types:
            types[kind] = ContentType.objects.get_for_model(subject, for_concrete_model=False)
        logs.append(
            ActivityLog(
                created_at=stamp,
                code=code,
                actor=actor,
                town=getattr(subject, "town", None),
                content_type=types[kind],
                object_id=str(subject.pk),
                object_repr=str(subject)[:200],
                data=to_json(data or {}),
            )
        )
    ActivityLog.unscoped.bulk_create(logs, batch_size=500)


def activities_for(*, subject: models.Model):
    """The history of one object, newest first. Call only after the object's access check."""
    return (
        ActivityLog.unscoped.filter(
            content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
            object_id=str(subject.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


# Keys a workflow step writes besides the model's own fields (core.workflow: {"from": …, "to": …}).
STEP_KEYS = {"from": _("原状态"), "to": _("新状态")}


def _field_of(model: type[models.Model] | None, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except Exception:  # FieldDoesNotExist: a key of the step's own data (a reason, a count)
        for f in model._meta.concrete_fields:
            if getattr(f, "attname", None) == key:
                return f
        return None


def _shown(field, value: Any) -> str:
    """One stored value as a reader sees it: a choice's label, 是/否, "—" for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if field is not None and getattr(field, "choices", None) and not isinstance(value, list | dict):
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, list):
        return "、".join(_shown(field, v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{k}: {_shown(None, v)}" for k, v in value.items())
    return str(value)


def activity_details(model: type[models.Model] | None, data: Any) -> list[tuple[str, str]]:
    """An audit row's data as (label, value) pairs in the active language: the fields' verbose names and choice
    labels, booleans as 是/否, a change as "old → new". The data itself stays as stored (the API shows it)."""
    if not isinstance(data, dict):
        return [] if data in (None, "", [], {}) else [("", str(data))]
    state_field = "state"
    if model is not None:
        from .workflow import WORKFLOWS  # the workflow module records through this one

        if model in WORKFLOWS:
            state_field = WORKFLOWS[model].state_field
    # A stable order whatever the database kept (jsonb sorts keys): the step's from/to, then the model's fields
    # in their declared order, then any other key.
    order = {key: i for i, key in enumerate(STEP_KEYS)}
    if model is not None:
        for i, f in enumerate(model._meta.get_fields()):
            order.setdefault(f.name, len(STEP_KEYS) + i)
            order.setdefault(getattr(f, "attname", f.name), len(STEP_KEYS) + i)
    keys = sorted(data, key=lambda k: order.get(k, len(order) + 1000))
    out = []
    for key in keys:
        value = data[key]
        if key in STEP_KEYS:
            out.append((str(STEP_KEYS[key]), _shown(_field_of(model, state_field), value)))
            continue
        field = _field_of(model, key)
        qualified = f"{model._meta.label_lower}.{key}" if model is not None else key
        if field is not None and hasattr(field, "verbose_name"):
            label = str(field.verbose_name)
        else:
            label = str(KEY_LABELS.get(qualified, KEY_LABELS.get(key, key)))
        if qualified in VALUE_LABELS:
            show = VALUE_LABELS[qualified]
            if isinstance(value, list) and len(value) == 2:
                out.append((label, f"{show(value[0])} → {show(value[1])}"))
            else:
                out.append((label, show(value)))
            continue
        is_change = (
            isinstance(value, list)
            and len(value) == 2
            and (not getattr(field, "many_to_many", False) or all(isinstance(v, list) for v in value))
        )
        if is_change:
            out.append((label, f"{_shown(field, value[0])} → {_shown(field, value[1])}"))
        else:
            out.append((label, _shown(field, value)))
    return out


def activity_entries(*, subject: models.Model, limit: int, mask=None) -> list[tuple[ActivityLog, str, list]]:
    """An object's history for its page, newest first: (row, label, details) with the details in the reader's
    language (activity_details). `mask` turns a row's data into what this reader may see (personal fields).
    Call only after the object's access check."""
    model = type(subject)
    return [
        (e, activity_label(e.code), activity_details(model, mask(e.data) if mask else e.data))
        for e in activities_for(subject=subject)[:limit]
    ]
