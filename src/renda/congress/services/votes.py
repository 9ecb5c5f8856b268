"""Votes: creating one, recording its counts (and counting it: the result against all serving deputies), and
correcting the counts after the session has closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.workflow import workflow_apply

from .. import queries
from ..enums import MotionState, VoteState
from ..models import AgendaItem, Motion, Session, Vote, VoteCorrection
from ._common import (
    check,
    more_than,
    now,
    refusal_manage,
    session_days,
    session_editable,
    session_in_progress,
    user_or_none,
)

COUNT_FIELDS = ("yes", "no", "abstain", "not_voting")


@transaction.atomic
def vote_create(
    *, session: Session, kind: str, title: str, day: dt.date, actor, item: AgendaItem | None = None,
    motion: Motion | None = None,
) -> Vote:  # fmt: skip
    check(actor, "congress.vote_create", session, refusal_manage())
    if not session_in_progress(session):
        raise Conflict(_("会议开幕后方可表决"))
    if day not in session_days(session):
        raise ValidationError({"day": _("该日期不在会期之内")})
    if item is not None and item.session_id != session.pk:
        raise ValidationError({"item": _("议程不属于本次会议")})
    if motion is not None and (motion.session_id != session.pk or motion.state != MotionState.ON_AGENDA):
        raise ValidationError({"motion": _("只能表决本次会议列入议程的议案")})
    vote = Vote(town=session.town, session=session, kind=kind, title=title, day=day, item=item, motion=motion)
    vote.full_clean()
    vote.save()
    activity_record(code="vote.created", actor=actor, subject=vote, data={"title": title, "day": day})
    return vote


def _counts(counts: dict[str, int]) -> dict[str, int]:
    out = {}
    for k in COUNT_FIELDS:
        v = counts.get(k, 0) or 0
        if not isinstance(v, int) or v < 0:
            raise ValidationError({k: _("票数应为非负整数")})
        out[k] = v
    return out


def _check_total(vote: Vote, counts: dict[str, int]) -> int:
    serving = queries.serving_count(term=vote.session.term, on=vote.day)
    if sum(counts.values()) > serving:
        raise ValidationError(
            _("票数合计 %(n)s 超过全体代表人数 %(s)s") % {"n": sum(counts.values()), "s": serving}
        )
    return serving


def vote_result(*, yes: int, serving: int) -> bool:
    """Passes with more than half of ALL serving deputies (configuration), not of those present."""
    return more_than(yes, serving, settings.RENDA["VOTE_MAJORITY_OF_ALL"])


def vote_counts_editable(vote: Vote) -> bool:
    """Counts are recorded while the session is open; after it closes they change only by a correction."""
    return session_editable(vote.session)


@transaction.atomic
def vote_record(*, vote: Vote, counts: dict[str, int], actor, close: bool = False) -> Vote:
    """Record the counts while the session is open (again if needed); after it closes use vote_correct.
    With `close`, an open vote is then counted (`vote_close`) in the same step."""
    check(actor, "congress.vote_record", vote, refusal_manage())
    if not vote_counts_editable(vote):
        raise Conflict(_("会议已闭幕，表决结果只能通过更正程序修改"))
    counts = _counts(counts)
    serving = _check_total(vote, counts)
    before = {k: getattr(vote, k) for k in COUNT_FIELDS}
    fields: dict[str, Any] = dict(counts)
    if vote.state == VoteState.CLOSED:
        fields |= {"serving": serving, "passed": vote_result(yes=counts["yes"], serving=serving)}
    workflow_apply(
        vote, "record", actor=actor, version=vote.version, data={"before": before, "after": counts},
        **fields,
    )  # fmt: skip
    if close and vote.state == VoteState.OPEN:
        vote_close(vote=vote, actor=actor)
    return vote


@transaction.atomic
def vote_close(*, vote: Vote, actor, at=None) -> Vote:
    """Count: the result is computed against all deputies serving on the vote's day, and stored."""
    check(actor, "congress.vote_close", vote, refusal_manage())
    counts = {k: getattr(vote, k) for k in COUNT_FIELDS}
    serving = _check_total(vote, counts)
    passed = vote_result(yes=vote.yes, serving=serving)
    workflow_apply(
        vote, "close", actor=actor, version=vote.version,
        data=counts | {"serving": serving, "passed": passed},
        serving=serving, passed=passed, closed_at=now(at),
    )  # fmt: skip
    motion = vote.motion
    if motion is not None and motion.state == MotionState.ON_AGENDA:
        workflow_apply(
            motion, "vote", actor=actor, version=motion.version,
            data={"vote": vote.pk, "passed": passed},
        )  # fmt: skip
    return vote


@transaction.atomic
def vote_correct(*, vote: Vote, counts: dict[str, int], reason: str, actor) -> VoteCorrection:
    """After the session has closed, counts change only through a recorded correction."""
    check(actor, "congress.vote_correct", vote, refusal_manage())
    if vote.state != VoteState.CLOSED:
        raise Conflict(_("尚未计票的表决无需更正，请直接登记票数"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写更正理由")})
    counts = _counts(counts)
    serving = _check_total(vote, counts)
    before = {k: getattr(vote, k) for k in COUNT_FIELDS} | {"passed": vote.passed}
    passed = vote_result(yes=counts["yes"], serving=serving)
    after = counts | {"passed": passed}
    workflow_apply(
        vote, "correct", actor=actor, version=vote.version,
        data={"before": before, "after": after, "reason": reason},
        **(dict[str, Any](counts) | {"serving": serving, "passed": passed}),
    )  # fmt: skip
    return VoteCorrection.objects.create(
        town=vote.town,
        vote=vote,
        before=before,
        after=after,
        reason=reason.strip(),
        actor=user_or_none(actor),
    )
