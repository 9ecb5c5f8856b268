"""The town's six-haves self-assessment (六有自评, C7): the town's staff open the year's (one per town and year,
one item per "have"), enter the budget line for deputies' activities, confirm each item with a note and files,
and submit it — the evidence the system proposed (core.sixhaves) is kept with each item as it stood. A submitted
one is read-only until the district's staff return it with a reason.

Refused with nothing changed: a change to a submitted one (a Conflict), a submit with items not confirmed or no
budget entered (a ValidationError naming them), an unknown item, a negative or huge budget."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.permissions import require
from renda.core.sixhaves import SIX_HAVES, sixhaves_evidence
from renda.core.workflow import workflow_apply

from ..enums import SixHavesState
from ..models import SixHaves, SixHavesItem
from ..workflow import SIXHAVES
from ._common import _file_save, _locked, _text, _today

__all__ = [
    "sixhaves_budget_set",
    "sixhaves_item_save",
    "sixhaves_open",
    "sixhaves_return",
    "sixhaves_submit",
]


def _editable(s: SixHaves) -> None:
    if s.state != SixHavesState.DRAFT:
        raise Conflict(_("六有自评已报送，不能修改；如需修改，请区人大常委会退回"))


@transaction.atomic
def sixhaves_open(*, town, year: int, actor, on: dt.date | None = None) -> SixHaves:
    """The town's self-assessment of `year` (this year or the one before), with its six items; opening it again
    (a double click) answers the one there is."""
    require(actor, "practices.selfassess", town)
    today = on or _today()
    if (
        not isinstance(year, int)
        or year < today.year - settings.RENDA["SIXHAVES_YEARS_BACK"]
        or year > today.year
    ):
        raise ValidationError(
            {
                "year": _("只能填报今年或往年（%(n)s 年内）的六有自评")
                % {"n": settings.RENDA["SIXHAVES_YEARS_BACK"]}
            }
        )
    from renda.core.models import Town

    Town.objects.select_for_update().filter(pk=town.pk).first()  # one self-assessment per year, even racing
    found = SixHaves._base_manager.filter(town=town, year=year).first()
    if found is not None:
        return found
    s = SixHaves.objects.create(town=town, year=year)
    SixHavesItem.objects.bulk_create([SixHavesItem(town=town, assessment=s, key=k) for k in SIX_HAVES])
    activity_record(code="sixhaves.opened", actor=actor, subject=s, data={"year": year})
    return s


def _budget(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"budget": _("经费须为数字（万元）")}) from None
    if d < 0 or d > settings.RENDA["SIXHAVES_BUDGET_MAX"]:
        raise ValidationError(
            {"budget": _("经费须在 0 至 %(max)s 万元之间") % {"max": settings.RENDA["SIXHAVES_BUDGET_MAX"]}}
        )
    return d


@transaction.atomic
def sixhaves_budget_set(
    *, assessment: SixHaves, budget, budget_note: str = "", actor, version: int | None = None
) -> SixHaves:
    """The budget line for deputies' activities of the year (万元), entered by the town's staff."""
    s = _locked(assessment, version)
    require(actor, "practices.selfassess", s)
    _editable(s)
    value = _budget(budget)
    note = _text({"budget_note": budget_note}, "budget_note", 200)
    old = [str(s.budget) if s.budget is not None else None, s.budget_note]
    s.budget, s.budget_note = value, note
    s.version += 1
    s.save(update_fields=["budget", "budget_note", "version"])
    activity_record(
        code="sixhaves.budget_set",
        actor=actor,
        subject=s,
        data={"budget": [old[0], str(value) if value is not None else None], "budget_note": [old[1], note]},
    )
    assessment.budget, assessment.budget_note, assessment.version = s.budget, s.budget_note, s.version
    return s


@transaction.atomic
def sixhaves_item_save(
    *,
    assessment: SixHaves,
    key: str,
    confirmed: bool,
    note: str = "",
    upload=None,
    actor,
    version: int | None = None,
) -> SixHavesItem:
    """One item confirmed (or not), with the staff's note and an optional file."""
    s = _locked(assessment, version)
    require(actor, "practices.selfassess", s)
    _editable(s)
    if key not in SIX_HAVES:
        raise ValidationError({"key": _("不是六有的项目")})
    item = SixHavesItem._base_manager.select_for_update().get(assessment=s, key=key)
    text = _text({"note": note}, "note", 2000)
    old = [item.confirmed, item.note]
    item.confirmed, item.note = bool(confirmed), text
    item.save(update_fields=["confirmed", "note"])
    s.version += 1
    s.save(update_fields=["version"])
    activity_record(
        code="sixhaves.item_saved",
        actor=actor,
        subject=s,
        data={"item": str(SIX_HAVES[key]), "confirmed": [old[0], item.confirmed], "note": [old[1], text]},
    )
    if upload is not None:
        _file_save(town=s.town, upload=upload, actor=actor, code="sixhaves.file_added", subject=s, item=item)
    assessment.version = s.version
    return item


def _snapshot(s: SixHaves) -> dict[str, list[dict]]:
    found = sixhaves_evidence(town_ids=[s.town_id], year=s.year)[s.town_id]
    return {
        k: [{"label": e.label, "count": e.count, "url": e.url, "source": e.source} for e in rows]
        for k, rows in found.items()
    }


@transaction.atomic
def sixhaves_submit(
    *, assessment: SixHaves, actor, version: int | None = None, on: dt.date | None = None
) -> SixHaves:
    """Submit: every item confirmed and the budget entered; each item keeps the evidence as it stands now."""
    s = _locked(assessment, version)
    require(actor, "practices.selfassess", s)
    if not SIXHAVES.transition("submit").starts_from(s.state):
        raise SIXHAVES.refuse(s)
    items = list(SixHavesItem._base_manager.filter(assessment=s).order_by("id"))
    missing = [str(SIX_HAVES[i.key]) for i in items if not i.confirmed]
    errors = {}
    if missing:
        errors["items"] = _("以下项目尚未确认：%(names)s") % {"names": "、".join(missing)}
    if s.budget is None:
        errors["budget"] = _("请先填写本年度代表活动经费")
    if errors:
        raise ValidationError(errors)
    evidence = _snapshot(s)
    for i in items:
        i.evidence = evidence.get(i.key, [])
    SixHavesItem._base_manager.bulk_update(items, ["evidence"])
    return workflow_apply(
        s, "submit", actor=actor, check=False, submitted_on=on or _today(), returned_reason=""
    )


@transaction.atomic
def sixhaves_return(*, assessment: SixHaves, reason: str, actor, version: int | None = None) -> SixHaves:
    """The district's staff return a submitted self-assessment for changes, with the reason."""
    s = _locked(assessment, version)
    require(actor, "practices.return", s)
    if not SIXHAVES.transition("return").starts_from(s.state):
        raise SIXHAVES.refuse(s)
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("请填写退回原因")})
    if len(text) > 200:
        raise ValidationError({"reason": _("退回原因不超过 200 个字")})
    return workflow_apply(
        s, "return", actor=actor, check=False, data={"reason": text}, returned_reason=text, submitted_on=None
    )
