"""Reply and feedback: the lead unit replies, every signer scores it; 不满意 on a first reply sends it back once,
otherwise it closes (B/C items stay on the follow-up list)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.errors import Conflict
from renda.core.permissions import require
from renda.registry.models import Person

from ..models import (
    AttachmentKind,
    FollowUp,
    Score,
    Suggestion,
    SuggestionFeedback,
    SuggestionReply,
    SuggestionSigner,
    UnitRole,
)
from ._common import (
    _active_assignment,
    _apply,
    _at,
    _attachment_save,
    _check_state,
    _clock,
    _lock,
    _notify,
    _outcome,
    _round_of,
    _signer_users,
    _staff_users,
    _start,
    _stop,
    _today,
    _unit_users,
)


@transaction.atomic
def suggestion_reply(
    *,
    suggestion: Suggestion,
    unit,
    outcome_class: str,
    text: str,
    letter,
    actor,
    planned_date: dt.date | None = None,
    version=None,
    on: dt.date | None = None,
) -> SuggestionReply:
    """The lead unit's reply with its outcome class and the signed letter; needs a recorded contact."""
    s = _lock(suggestion, version)
    require(actor, "suggestions.handle", unit)
    _check_state(s, "reply")
    _active_assignment(s, unit, UnitRole.LEAD)
    outcome = _outcome(outcome_class)
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写答复内容")})
    if letter is None:
        raise ValidationError({"letter": _("请上传盖章的答复函")})
    if outcome.needs_planned_date and planned_date is None:
        raise ValidationError({"planned_date": _("%(c)s类答复须填写计划完成日期") % {"c": outcome_class}})
    on = on or _today()
    round_no = _round_of(s)
    # Each round needs its own contact: the first round's, whatever its date, does not count for the second.
    if not s.contacts.filter(unit=unit, round=round_no).exists():
        raise ValidationError(_("答复前须先与代表联系沟通并记录"))
    kind = "suggestion.second_reply" if round_no == 2 else "suggestion.reply"
    clock = _clock(s, kind)
    due = clock.due_date if clock else s.due_date
    at = _at(on)
    attachment = _attachment_save(s, letter, actor, AttachmentKind.REPLY_LETTER)
    r = SuggestionReply.objects.create(
        town=s.town,
        suggestion=s,
        round=round_no,
        unit=unit,
        outcome_class=outcome_class,
        text=text,
        letter=attachment,
        planned_date=planned_date if outcome.needs_planned_date or outcome.followed_up else None,
        replied_on=on,
        due_date=due,
        on_time=due is None or on <= due,
        replied_by=actor,
    )
    _stop(s, kind, actor, reason=_("已答复"), at=at)
    _stop(s, "suggestion.contact", actor, reason=_("已答复"), at=at)
    fields: dict[str, Any] = {
        "outcome_class": outcome_class,
        "replied_on": on,
        "followup_date": r.planned_date,
    }
    if round_no == 1:
        fields["replied_on_time"] = r.on_time
    _apply(
        s,
        "reply",
        actor=actor,
        data={
            "round": round_no,
            "outcome_class": outcome_class,
            "on_time": r.on_time,
            "planned_date": planned_date,
        },
        **fields,
    )
    _notify(s, _signer_users(s), "suggestion.replied", outcome_class)
    return r


def _close(s: Suggestion, actor, at) -> None:
    """REPLIED → CLOSED; a class that is followed up (B, C) opens the follow-up with the same step."""
    fields: dict[str, Any] = {"closed_at": at}
    if _outcome(s.outcome_class).followed_up:
        fields["followup"] = FollowUp.OPEN
        if s.followup_date:
            _start(s, "suggestion.followup", actor, s.followup_date, person=s.lead_person)
    _apply(s, "close", actor=actor, data={"outcome_class": s.outcome_class}, **fields)


@transaction.atomic
def _last_reply(s: Suggestion) -> SuggestionReply:
    """The latest round's reply; feedback and closing come after one (the table's states say so)."""
    reply = s.replies.order_by("-round").first()
    if reply is None:
        raise Conflict(_("该建议尚未答复"))
    return reply


def suggestion_feedback(
    *,
    suggestion: Suggestion,
    person: Person,
    work_score: str,
    result_score: str,
    actor,
    comment: str = "",
    on=None,
) -> SuggestionFeedback:
    """One signer's two scores on the latest reply. When every signer has answered: 不满意 on the first
    reply sends it back to the lead unit (one month); otherwise, or after the second reply, it closes."""
    s = _lock(suggestion)
    signer = s.signers.filter(person=person).first()
    require(
        actor, "suggestions.feedback", signer or SuggestionSigner(town=s.town, suggestion=s, person=person)
    )
    if signer is None:
        raise PermissionDenied(_("您不是该建议的署名代表"))
    _check_state(s, "feedback")
    for score in (work_score, result_score):
        if score not in Score.values:
            raise ValidationError(_("评价无效"))
    reply = _last_reply(s)
    if SuggestionFeedback.objects.filter(reply=reply, person=person).exists():
        raise Conflict(_("您已对本次答复作出反馈"))
    f = SuggestionFeedback.objects.create(
        town=s.town,
        suggestion=s,
        reply=reply,
        person=person,
        work_score=work_score,
        result_score=result_score,
        comment=comment,
        given_by=actor,
    )
    _apply(
        s,
        "feedback",
        actor=actor,
        data={
            "person": str(person),
            "round": reply.round,
            "work": work_score,
            "result": result_score,
            "comment": comment,
        },
    )
    _after_feedback(s, reply, actor, on)
    return f


def _after_feedback(s: Suggestion, reply: SuggestionReply, actor, on=None) -> None:
    persons = set(s.signers.values_list("person_id", flat=True))
    given = list(reply.feedbacks.values_list("person_id", "work_score", "result_score"))
    if {p for p, _w, _r in given} < persons:
        return
    unhappy = any(Score.UNSATISFIED in (w, r) for _p, w, r in given)
    at = _at(on)
    if unhappy and reply.round == 1:
        on = on or _today()
        clock = _start(s, "suggestion.second_reply", actor, on, unit=s.lead_unit, person=s.lead_person)
        _apply(s, "rehandle", actor=actor, data={"due_date": clock.due_date}, due_date=clock.due_date)
        _notify(
            s, _unit_users([s.lead_unit_id]) + _staff_users(s), "suggestion.rehandling", str(clock.due_date)
        )
    else:
        _close(s, actor, at)


@transaction.atomic
def suggestion_close(*, suggestion: Suggestion, actor, version=None, on=None) -> Suggestion:
    """Town staff close a replied item whose signers did not all answer: the missing ones count as 未表态."""
    s = _lock(suggestion, version)
    require(actor, "suggestions.close", s)
    _check_state(s, "close")
    reply = _last_reply(s)
    answered = set(reply.feedbacks.values_list("person_id", flat=True))
    for signer in s.signers.exclude(person__in=answered):
        SuggestionFeedback.objects.create(
            town=s.town,
            suggestion=s,
            reply=reply,
            person_id=signer.person_id,
            work_score=Score.NO_VIEW,
            result_score=Score.NO_VIEW,
            given_by=actor,
        )
    _after_feedback(s, reply, actor, on)
    return s
