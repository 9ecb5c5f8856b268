"""Practices (工作经验做法, C8): district staff create one with its pilot town and year (the pilot town's adoption is
recorded with it), change its description, roll it out to the district's towns (推广) and sum it up (总结).

Each step checks the actor (`require` on practices/rules.py), moves the state only through
`core.workflow.workflow_apply` (which writes the ActivityLog row). A pilot town of another district, a name the
district already has, a pilot year in the future: a clear error, nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record, changes, snapshot
from renda.core.permissions import require
from renda.core.workflow import workflow_apply

from ..models import Adoption, Practice
from ..workflow import PRACTICE
from ._common import _locked, _text, _today

__all__ = ["practice_create", "practice_rollout", "practice_summarise", "practice_update"]

EDITABLE = ["name", "description", "presented_at"]


def _name(district, data: dict, exclude: int | None = None) -> str:
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写做法名称")})
    if len(name) > 100:
        raise ValidationError({"name": _("名称不超过 100 个字")})
    same = Practice._base_manager.filter(district=district, name=name)
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError({"name": _("本区已有名为“%(name)s”的做法") % {"name": name}})
    return name


@transaction.atomic
def practice_create(*, district, data: dict[str, Any], actor, on: dt.date | None = None) -> Practice:
    """District staff add a practice. `data`: name, description, pilot_town (a town of the district),
    pilot_year (not after this year), pilot_on (the pilot's start, default 1 January of the pilot year),
    presented_at, evidence (what the pilot did)."""
    require(actor, "practices.manage", district)
    today = on or _today()
    errors: dict[str, str] = {}
    town = data.get("pilot_town")
    if town is None:
        errors["pilot_town"] = _("请选择试点镇（街道）")
    elif town.district_id != district.pk:
        errors["pilot_town"] = _("试点镇（街道）须是本区的镇（街道）")
    year = data.get("pilot_year")
    if not isinstance(year, int) or year < 1980 or year > today.year:
        errors["pilot_year"] = _("试点年份须在 1980 年至今年之间")
    if errors or town is None or not isinstance(year, int):
        raise ValidationError(errors)
    name = _name(district, data)
    pilot_on = data.get("pilot_on") or dt.date(year, 1, 1)
    if pilot_on.year != year or pilot_on > today:
        raise ValidationError({"pilot_on": _("试点开始日期须在试点年份之内且不晚于今天")})
    practice = Practice(
        district=district,
        name=name,
        description=_text(data, "description"),
        presented_at=_text(data, "presented_at", 2000),
        pilot_town=town,
        pilot_year=year,
    )
    practice.full_clean()
    practice.save()
    activity_record(
        code="practice.created",
        actor=actor,
        subject=practice,
        town=None,
        data={"name": name, "pilot_town": town.name, "pilot_year": year},
    )
    pilot = Adoption.objects.create(
        town=town,
        practice=practice,
        adopted_on=pilot_on,
        evidence=_text(data, "evidence") or _("试点"),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    activity_record(
        code="adoption.recorded", actor=actor, subject=pilot, data={"adopted_on": pilot_on, "pilot": True}
    )
    return practice


@transaction.atomic
def practice_update(
    *, practice: Practice, data: dict[str, Any], actor, version: int | None = None
) -> Practice:
    """District staff change the name, the description or where it was presented."""
    p = _locked(practice, version)
    require(actor, "practices.manage", p)
    before = snapshot(p, EDITABLE)
    p.name = _name(p.district, data | {"name": data.get("name", p.name)}, exclude=p.pk)
    if "description" in data:
        p.description = _text(data, "description")
    if "presented_at" in data:
        p.presented_at = _text(data, "presented_at", 2000)
    diff = changes(before, snapshot(p, EDITABLE))
    if not diff:
        return p
    p.version += 1
    p.save(update_fields=[*EDITABLE, "version", "updated_at"])
    activity_record(code="practice.updated", actor=actor, subject=p, town=None, data=diff)
    return p


@transaction.atomic
def practice_rollout(
    *, practice: Practice, actor, version: int | None = None, on: dt.date | None = None
) -> Practice:
    """District staff roll the practice out (推广): every town of the district sees it and may record its adoption."""
    p = _locked(practice, version)
    require(actor, "practices.manage", p)
    if not PRACTICE.transition("rollout").starts_from(p.state):
        raise PRACTICE.refuse(p)
    return workflow_apply(p, "rollout", actor=actor, check=False, rolled_out_on=on or _today())


@transaction.atomic
def practice_summarise(
    *, practice: Practice, summary: str, actor, version: int | None = None, on: dt.date | None = None
) -> Practice:
    """District staff sum the practice up (总结): the summary is required."""
    p = _locked(practice, version)
    require(actor, "practices.manage", p)
    if not PRACTICE.transition("summarise").starts_from(p.state):
        raise PRACTICE.refuse(p)
    text = _text({"summary": summary}, "summary")
    if not text:
        raise ValidationError({"summary": _("请填写经验总结")})
    return workflow_apply(
        p,
        "summarise",
        actor=actor,
        check=False,
        data={"summary": text[:200]},
        summary=text,
        summarised_on=on or _today(),
    )
