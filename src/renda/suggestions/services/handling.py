"""Handling: units sign (签收), return (退办), contact the deputies, give co-opinions, ask for more time; town
staff decide extension requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.errors import Conflict
from renda.core.permissions import require
from renda.core.workflow import workflow_apply

from ..models import (
    ExtensionState,
    State,
    Suggestion,
    SuggestionAssignment,
    SuggestionContact,
    SuggestionExtension,
    UnitRole,
)
from ..workflow import EXTENSION
from ._common import (
    _active_assignment,
    _apply,
    _at,
    _check_state,
    _clock,
    _lock,
    _notify,
    _now,
    _round_of,
    _staff_users,
    _start,
    _stop,
    _today,
    _unit_users,
)


@transaction.atomic
def suggestion_sign(*, suggestion: Suggestion, unit, actor, on=None) -> SuggestionAssignment:
    s = _lock(suggestion)
    require(actor, "suggestions.handle", unit)
    _check_state(s, "sign")
    a = _active_assignment(s, unit)
    if a.signed_at is not None:
        raise Conflict(_("本单位已签收"))
    a.signed_at = _at(on)
    a.signed_by = actor
    a.save(update_fields=["signed_at", "signed_by", "updated_at"])
    _apply(s, "sign", actor=actor, data={"unit": str(unit)})
    return a


@transaction.atomic
def suggestion_return(
    *, suggestion: Suggestion, unit, reason: str, actor, version=None, on=None
) -> Suggestion:
    """A unit returns an item outside its remit (退办) within its window; the lead's return sends the
    item back to town staff for a new assignment."""
    s = _lock(suggestion, version)
    require(actor, "suggestions.handle", unit)
    _check_state(s, "return")
    a = _active_assignment(s, unit)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写退办理由")})
    on = on or _today()
    window = _clock(a, "suggestion.return")
    if window is None or on > window.due_date:
        raise Conflict(_("已超过退办期限，不能退办"))
    at = _at(on)
    a.active = False
    a.returned_at = at
    a.return_reason = reason
    a.save(update_fields=["active", "returned_at", "return_reason", "updated_at"])
    _stop(a, "suggestion.return", actor, reason=_("已退办"), at=at)
    _stop(a, "suggestion.co_opinion", actor, reason=_("已退办"), at=at)
    data = {"unit": str(unit), "role": a.role, "reason": reason}
    if a.role == UnitRole.LEAD:
        for other in s.assignments.filter(active=True):
            other.active = False
            other.save(update_fields=["active", "updated_at"])
            _stop(other, "suggestion.return", actor, reason=_("主办单位退办"), at=at)
            _stop(other, "suggestion.co_opinion", actor, reason=_("主办单位退办"), at=at)
        _stop(s, "suggestion.reply", actor, reason=_("主办单位退办"), at=at)
        _stop(s, "suggestion.contact", actor, reason=_("主办单位退办"), at=at)
        _apply(s, "return", actor=actor, data=data, lead_unit=None, due_date=None, assigned_on=None)
        _start(s, "suggestion.assign", actor, on, person=s.lead_person)
    else:
        _apply(s, "return_co", actor=actor, data=data)
    _notify(s, _staff_users(s), "suggestion.returned", reason)
    return s


@transaction.atomic
def suggestion_contact_record(
    *, suggestion: Suggestion, unit, date: dt.date, way: str, summary: str, actor
) -> SuggestionContact:
    s = _lock(suggestion)
    require(actor, "suggestions.handle", unit)
    _check_state(s, "contact")
    _active_assignment(s, unit)
    if not (summary or "").strip():
        raise ValidationError({"summary": _("请填写沟通情况")})
    if date > _today():
        raise ValidationError({"date": _("联系日期不能晚于今天")})
    round_no = _round_of(s)
    if round_no == 2 and s.replied_on and date < s.replied_on:
        raise ValidationError({"date": _("再次办理的联系日期不能早于首次答复日期")})
    c = SuggestionContact(
        town=s.town,
        suggestion=s,
        unit=unit,
        round=round_no,
        date=date,
        way=way,
        summary=summary,
        recorded_by=actor,
    )
    c.full_clean()
    c.save()
    _stop(s, "suggestion.contact", actor, reason=_("已联系代表"), at=_at(date))
    _apply(
        s,
        "contact",
        actor=actor,
        data={"unit": str(unit), "round": round_no, "date": date, "way": way, "summary": summary},
    )
    return c


@transaction.atomic
def suggestion_co_opinion(
    *, suggestion: Suggestion, unit, opinion: str, actor, on=None
) -> SuggestionAssignment:
    s = _lock(suggestion)
    require(actor, "suggestions.handle", unit)
    _check_state(s, "co_opinion")
    a = _active_assignment(s, unit, UnitRole.CO)
    if not (opinion or "").strip():
        raise ValidationError({"opinion": _("请填写协办意见")})
    if a.opinion_at is not None:
        raise Conflict(_("本单位已提交协办意见"))
    at = _at(on)
    a.opinion = opinion
    a.opinion_at = at
    a.save(update_fields=["opinion", "opinion_at", "updated_at"])
    _stop(a, "suggestion.co_opinion", actor, reason=_("已提交协办意见"), at=at)
    _apply(s, "co_opinion", actor=actor, data={"unit": str(unit), "opinion": opinion})
    _notify(s, _unit_users([s.lead_unit_id]), "suggestion.co_opinion", str(unit))
    return a


@transaction.atomic
def suggestion_extension_request(
    *, suggestion: Suggestion, unit, days: int, reason: str, actor
) -> SuggestionExtension:
    s = _lock(suggestion)
    require(actor, "suggestions.handle", unit)
    _check_state(s, "extension_request")
    _active_assignment(s, unit, UnitRole.LEAD)
    if days is None or days <= 0:
        raise ValidationError({"days": _("延期天数须大于零")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写延期理由")})
    if s.extensions.filter(state=ExtensionState.PENDING).exists():
        raise Conflict(_("已有待审批的延期申请"))
    e = SuggestionExtension.objects.create(
        town=s.town, suggestion=s, unit=unit, days=days, reason=reason, requested_by=actor
    )
    _apply(s, "extension_request", actor=actor, data={"days": days, "reason": reason})
    _notify(s, _staff_users(s), "suggestion.extension_requested", reason)
    return e


@transaction.atomic
def suggestion_extension_decide(
    *,
    approve: bool,
    actor,
    suggestion: Suggestion | None = None,
    extension: SuggestionExtension | None = None,
) -> SuggestionExtension:
    """Town staff approve or refuse the suggestion's pending extension request (or the one given): an
    approval moves the running reply clock's due date."""
    from renda.core.deadlines.services import clock_extend

    if extension is None and suggestion is None:
        raise ValueError("suggestion_extension_decide needs the suggestion or the extension")
    target = extension.suggestion if extension is not None else suggestion
    assert target is not None  # one of the two was given (checked above)
    s = _lock(target)
    require(actor, "suggestions.decide_extension", s)
    if extension is None:
        extension = SuggestionExtension.objects.filter(suggestion=s, state=ExtensionState.PENDING).first()
        if extension is None:
            raise Conflict(_("没有待审批的延期申请"))
    e = workflow_apply(
        extension,
        "approve" if approve else "refuse",
        actor=actor,
        check=False,
        workflow=EXTENSION,
        decided_by=actor if getattr(actor, "pk", None) else None,
        decided_at=_now(),
    )
    data = {"days": e.days, "reason": e.reason}
    fields: dict[str, Any] = {}
    if approve:
        kind = "suggestion.second_reply" if s.state == State.REHANDLING else "suggestion.reply"
        clock = _clock(s, kind)
        if clock is None:
            raise Conflict(_("没有正在计算的答复期限"))
        clock = clock_extend(clock=clock, days=e.days, reason=e.reason, approver=actor, actor=actor)
        fields["due_date"] = clock.due_date
        data["due_date"] = clock.due_date
    _apply(s, "extension_approve" if approve else "extension_refuse", actor=actor, data=data, **fields)
    _notify(
        s,
        _unit_users([e.unit_id]),
        "suggestion.extension_approved" if approve else "suggestion.extension_refused",
    )
    return e
