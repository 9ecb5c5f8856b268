"""A town's adoption of a practice (开展情况): the town's staff (or the district's staff for a town of the
district) record since when the town runs it, the evidence and the lessons, and add files.

Refused with nothing changed: a town of another district ("clear error" on the town), a practice still piloting
in another town, a town that already recorded it (a double submit finds it: a Conflict, no second row), a date
in the future or before the pilot year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record, changes, snapshot
from renda.core.errors import Conflict
from renda.core.permissions import require

from ..enums import PracticeState
from ..models import Adoption, EvidenceFile, Practice
from ._common import _file_save, _locked, _text, _today

__all__ = ["adoption_file_add", "adoption_record", "adoption_update"]

EDITABLE = ["adopted_on", "evidence", "lessons", "presented_at"]


def _date_checked(practice: Practice, day, today: dt.date) -> dt.date:
    if not isinstance(day, dt.date):
        raise ValidationError({"adopted_on": _("请填写开展日期")})
    if day > today:
        raise ValidationError({"adopted_on": _("开展日期不能晚于今天")})
    if day.year < practice.pilot_year:
        raise ValidationError(
            {"adopted_on": _("开展日期不能早于试点年份（%(year)s年）") % {"year": practice.pilot_year}}
        )
    return day


@transaction.atomic
def adoption_record(
    *, practice: Practice, town, data: dict[str, Any], actor, upload=None, on: dt.date | None = None
) -> Adoption:
    """The town records its adoption: `data` adopted_on, evidence, lessons, presented_at; `upload` an optional
    first file."""
    p = Practice._base_manager.select_for_update().get(pk=practice.pk)  # one adoption per town, even racing
    if town.district_id != p.district_id:  # said before the permission: a clear error, not a bare refusal
        raise ValidationError(
            {"town": _("“%(town)s”不是本区（%(district)s）的镇（街道），不能登记开展情况")
             % {"town": town.name, "district": p.district.name}}
        )  # fmt: skip
    require(actor, "practices.adopt", town)
    if p.state == PracticeState.PILOTING and town.pk != p.pilot_town_id:
        raise ValidationError({"town": _("该做法尚在试点，推广后各镇（街道）方可登记开展情况")})
    if Adoption._base_manager.filter(practice=p, town=town).exists():
        raise Conflict(_("%(town)s已登记开展该做法") % {"town": town.name})
    a = Adoption(
        town=town,
        practice=p,
        adopted_on=_date_checked(p, data.get("adopted_on"), on or _today()),
        evidence=_text(data, "evidence"),
        lessons=_text(data, "lessons"),
        presented_at=_text(data, "presented_at", 2000),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    a.full_clean(exclude=["practice", "town", "created_by"])
    a.save()
    activity_record(code="adoption.recorded", actor=actor, subject=a, data={"adopted_on": a.adopted_on})
    if upload is not None:
        _file_save(town=town, upload=upload, actor=actor, code="adoption.file_added", subject=a, adoption=a)
    return a


@transaction.atomic
def adoption_update(
    *, adoption: Adoption, data: dict[str, Any], actor, version: int | None = None, on: dt.date | None = None
) -> Adoption:
    """The town's staff change their record (date, evidence, lessons, where presented)."""
    a = _locked(adoption, version)
    require(actor, "practices.adopt", a)
    before = snapshot(a, EDITABLE)
    if "adopted_on" in data:
        a.adopted_on = _date_checked(a.practice, data.get("adopted_on"), on or _today())
    for name in ("evidence", "lessons"):
        if name in data:
            setattr(a, name, _text(data, name))
    if "presented_at" in data:
        a.presented_at = _text(data, "presented_at", 2000)
    diff = changes(before, snapshot(a, EDITABLE))
    if not diff:
        return a
    a.version += 1
    a.save(update_fields=[*EDITABLE, "version"])
    activity_record(code="adoption.updated", actor=actor, subject=a, data=diff)
    return a


@transaction.atomic
def adoption_file_add(*, adoption: Adoption, upload, actor) -> EvidenceFile:
    a = Adoption._base_manager.select_for_update().get(pk=adoption.pk)
    require(actor, "practices.adopt", a)
    return _file_save(
        town=a.town, upload=upload, actor=actor, code="adoption.file_added", subject=a, adoption=a
    )
