"""Review and assignment: town staff accept (立案) or refuse, merge (并案) and assign to handling units."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.permissions import require

from ..models import Suggestion, SuggestionAssignment, SuggestionSigner, UnitRole
from ._common import (
    _apply,
    _at,
    _check_state,
    _lock,
    _notify,
    _now,
    _signer_users,
    _start,
    _stop,
    _today,
    _unit_users,
    not_accepted_reasons,
)


@transaction.atomic
def suggestion_review(
    *, suggestion: Suggestion, accept: bool, actor, reason: str = "", note: str = "", version=None, on=None
) -> Suggestion:
    s = _lock(suggestion, version)
    require(actor, "suggestions.review", s)
    _check_state(s, "accept")
    reviewed_at = _at(on)
    if accept:
        _apply(s, "accept", actor=actor, reviewed_at=reviewed_at)
    else:
        codes = dict(not_accepted_reasons())
        if reason not in codes:
            raise ValidationError({"reason": _("请选择不予立案的理由")})
        _apply(
            s,
            "not_accept",
            actor=actor,
            data={"reason": str(codes[reason]), "note": note},
            reviewed_at=reviewed_at,
            not_accepted_reason=reason,
            not_accepted_note=note,
        )
        _stop(s, "suggestion.assign", actor, reason=_("不予立案"), at=reviewed_at)
    _notify(
        s,
        _signer_users(s),
        "suggestion.accepted" if accept else "suggestion.not_accepted",
        s.not_accepted_note,
    )
    return s


@transaction.atomic
def suggestion_assign(
    *,
    suggestion: Suggestion,
    lead_unit,
    co_units=(),
    difficult: bool = False,
    actor,
    version=None,
    on: dt.date | None = None,
) -> Suggestion:
    """Assign (交办) to one lead unit and any co-units; the reply clock runs 3 months (6 if difficult)."""
    s = _lock(suggestion, version)
    require(actor, "suggestions.assign", s)
    _check_state(s, "assign")
    co_units = [u for u in co_units if u.pk != lead_unit.pk]
    for u in [lead_unit, *co_units]:
        if u.town_id != s.town_id:
            raise ValidationError(_("只能选择本镇（街道）的承办单位"))
        if u.end_date is not None:
            raise ValidationError(_("承办单位“%(unit)s”已停用") % {"unit": u})
    on = on or _today()
    at = _at(on)
    assign_clock = _stop(s, "suggestion.assign", actor, reason=_("已交办"), at=at)
    late = bool(assign_clock and on > assign_clock.due_date)
    s.assignments.filter(active=True).update(active=False)
    for role, unit in [(UnitRole.LEAD, lead_unit)] + [(UnitRole.CO, u) for u in co_units]:
        a = SuggestionAssignment.objects.create(
            town=s.town, suggestion=s, unit=unit, role=role, assigned_on=on, assigned_by=actor
        )
        _start(a, "suggestion.return", actor, on, unit=unit)
        if role == UnitRole.CO:
            _start(a, "suggestion.co_opinion", actor, on, unit=unit)
    rule = "suggestion.reply_difficult" if difficult else "suggestion.reply"
    reply = _start(s, "suggestion.reply", actor, on, rule=rule, unit=lead_unit, person=s.lead_person)
    _start(s, "suggestion.contact", actor, on, unit=lead_unit, person=s.lead_person)
    _apply(
        s,
        "assign",
        actor=actor,
        data={
            "lead_unit": str(lead_unit),
            "co_units": [str(u) for u in co_units],
            "difficult": difficult,
            "due_date": reply.due_date,
            "late": late,
        },
        difficult=difficult,
        lead_unit=lead_unit,
        assigned_on=on,
        due_date=reply.due_date,
    )
    _notify(
        s, _unit_users([lead_unit.pk, *[u.pk for u in co_units]]), "suggestion.assigned", str(reply.due_date)
    )
    _notify(s, _signer_users(s), "suggestion.assigned", str(lead_unit))
    return s


@transaction.atomic
def suggestion_merge(*, target: Suggestion, others: list[Suggestion], actor) -> Suggestion:
    """并案: the others become part of `target`, which keeps every signer."""
    t = _lock(target)
    require(actor, "suggestions.merge", t)
    _check_state(t, "merge_in")
    if not others:
        raise ValidationError(_("请选择要并入的建议"))
    position = t.signers.count()
    have = set(t.signers.values_list("person_id", flat=True))
    for other in others:
        o = _lock(other)
        if o.pk == t.pk or o.town_id != t.town_id or o.year != t.year:
            raise ValidationError(_("只能合并同一镇（街道）同一年度的其他建议"))
        _check_state(o, "merge")
        for signer in o.signers.all():
            if signer.person_id not in have:
                SuggestionSigner.objects.create(
                    town=t.town,
                    suggestion=t,
                    person_id=signer.person_id,
                    position=position,
                    confirmed_at=signer.confirmed_at or _now(),
                )
                have.add(signer.person_id)
                position += 1
        _stop(o, "suggestion.assign", actor, reason=_("已并案"))
        _apply(o, "merge", actor=actor, data={"into": str(t)}, merged_into=t)
        _apply(t, "merge_in", actor=actor, data={"from": str(o)})
        _notify(o, _signer_users(o), "suggestion.merged", str(t))
    return t
