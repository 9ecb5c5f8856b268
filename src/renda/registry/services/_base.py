"""What every registry write shares: validation of links within the town, one audited write of a record's
fields, and the checks of many records at once (the roster import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from renda.core.audit import activity_record, activity_record_many, changes, snapshot, to_json
from renda.core.models import Town
from renda.core.permissions import require

EDIT = "registry.edit"


def _same_town(town: Town, data: dict[str, Any]) -> None:
    """Refuse a link to another town's record (a district user sees several towns)."""
    for name, value in data.items():
        values = value if isinstance(value, list | tuple | models.QuerySet) else [value]
        for v in values:
            if isinstance(v, models.Model) and hasattr(v, "town_id") and v.town_id != town.pk:
                raise ValidationError({name: _("只能选择本镇（街道）的记录")})


def _m2m_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.many_to_many}


def _write(instance: models.Model, *, data: dict[str, Any], actor, code: str) -> models.Model:
    """Apply `data`, validate, save, set many-to-many fields and record what changed."""
    m2m = _m2m_names(type(instance))
    plain = {k: v for k, v in data.items() if k not in m2m}
    creating = instance.pk is None
    before: dict[str, Any] = {}
    if not creating:
        # From the stored row: a ModelForm may already have written its values onto `instance`.
        stored = type(instance)._base_manager.get(pk=instance.pk)
        before = snapshot(stored, list(plain))
        before |= {k: sorted(to_json(list(getattr(stored, k).all()))) for k in data if k in m2m}
    for name, value in plain.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name in m2m & set(data):
        getattr(instance, name).set(data[name])
    after = snapshot(instance, list(plain)) | {k: sorted(to_json(list(data[k]))) for k in data if k in m2m}
    diff = after if creating else changes(before, after)
    if creating or diff:
        activity_record(code=code, actor=actor, subject=instance, data=diff if not creating else after)
    return instance


def _create(model: type[models.Model], *, town: Town, data: dict[str, Any], actor, code: str):
    require(actor, EDIT, town)
    _same_town(town, data)
    return _write(model(town=town), data=data, actor=actor, code=code)


def _update(instance: Any, *, data: dict[str, Any], actor, code: str):
    require(actor, EDIT, instance)
    data = {k: v for k, v in data.items() if k != "town"}
    _same_town(instance.town, data)
    return _write(instance, data=data, actor=actor, code=code)


def _end(instance: Any, *, end_date: dt.date, reason: str, actor, code: str):
    require(actor, EDIT, instance)
    if getattr(instance, "end_date", None):
        raise ValidationError(_("该记录已于 %(d)s 终止") % {"d": instance.end_date})
    return _write(instance, data={"end_date": end_date, "end_reason": reason}, actor=actor, code=code)


class RowsInvalid(ValidationError):
    """Some of many records are refused; `rows` maps each refused record's position to its error."""

    def __init__(self, rows: dict[int, ValidationError]):
        super().__init__([m for e in rows.values() for m in e.messages])
        self.rows = rows


def _clean_many(instances: Sequence[models.Model], fk_names: list[str]) -> dict[int, ValidationError]:
    """The model's own field and clean() validation, without a query per record: the foreign keys are
    checked by the caller (same town, loaded in one query) and the unique rules by one query each."""
    problems: dict[int, ValidationError] = {}
    for i, obj in enumerate(instances):
        try:
            obj.full_clean(exclude=fk_names, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems[i] = exc
    return problems


def _record_created_many(
    instances: Sequence[models.Model], fields: list[list[str]], *, actor, code: str
) -> None:
    """The audit rows _write would write for each created record (a snapshot of the fields it was given)."""
    rows = [(obj, snapshot(obj, names)) for obj, names in zip(instances, fields, strict=True)]
    activity_record_many(code=code, actor=actor, rows=rows)
