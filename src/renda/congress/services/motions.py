"""Motions: drafting, co-signing (附议), lodging with its signature threshold, the presidium's decision (on the
agenda, or handled as a deputy suggestion) and withdrawal."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.workflow import workflow_apply
from renda.registry.models import Person

from ..enums import MotionKind, MotionSource, MotionState
from ..models import Motion, MotionSigner, Session
from ._common import (
    check,
    is_serving,
    is_user,
    now,
    refusal_presidium,
    same_town,
    session_editable,
    user_or_none,
)


def motion_min_signers(motion: Motion) -> int | None:
    """How many deputies must sign a deputies' motion before it is lodged (configuration); None for others."""
    if motion.source != MotionSource.DEPUTIES:
        return None
    key = "INTERPELLATION_MIN_SIGNERS" if motion.kind == MotionKind.INTERPELLATION else "MOTION_MIN_SIGNERS"
    return settings.RENDA[key]


def motion_open_for_signing(motion: Motion) -> bool:
    """A deputies' draft collects co-signers."""
    return motion.source == MotionSource.DEPUTIES and motion.state == MotionState.DRAFT


def _check_deadline(session: Session, at: dt.datetime) -> None:
    if session.motion_deadline and timezone.localdate(at) > session.motion_deadline:
        raise ValidationError(_("已过本次会议的议案截止日期（%(d)s）") % {"d": session.motion_deadline})


@transaction.atomic
def motion_create(
    *,
    session: Session,
    kind: str,
    source: str,
    title: str,
    content: str,
    actor,
    lead: Person | None = None,
    at=None,
) -> Motion:
    """Draft a motion. A deputies' motion has a lead deputy, who signs first; co-signers confirm themselves."""
    at = now(at)
    if actor is None:
        check(actor, "congress.motion_propose", session)
    if not session_editable(session):
        raise Conflict(_("会议已闭幕"))
    _check_deadline(session, at)
    if kind == MotionKind.INTERPELLATION and source != MotionSource.DEPUTIES:
        raise ValidationError({"source": _("质询案由代表联名提出")})
    if source == MotionSource.DEPUTIES:
        if lead is None and is_user(actor):
            own = grants_of(actor).person_ids
            lead = Person.objects.filter(pk__in=own, town=session.town).first()
        if lead is None:
            raise ValidationError({"lead": _("代表联名提出的议案须有领衔代表")})
        same_town(session.town, lead)
        check(actor, "congress.motion_lead", lead, _("只能以本人名义领衔"))
        if not is_serving(lead, session.term, timezone.localdate(at)):
            raise ValidationError({"lead": _("领衔人须为本届在任代表")})
    else:
        check(actor, "congress.motion_propose", session, refusal_presidium())
        lead = None
    motion = Motion(
        town=session.town, session=session, kind=kind, source=source, title=title, content=content, lead=lead
    )
    motion.full_clean()
    motion.save()
    if lead is not None:
        MotionSigner.objects.create(
            town=session.town, motion=motion, person=lead, is_lead=True, confirmed_at=at,
            confirmed_by=user_or_none(actor),
        )  # fmt: skip
    activity_record(
        code="motion.created", actor=actor, subject=motion, data={"source": source, "lead": lead, "at": at}
    )
    return motion


@transaction.atomic
def motion_cosign(*, motion: Motion, person: Person, actor, at=None) -> MotionSigner:
    """A co-signer (附议) confirms in the system, before the session's motion deadline."""
    at = now(at)
    check(actor, "congress.motion_cosign", person, _("附议须由代表本人确认"))
    same_town(motion.town, person)
    if not motion_open_for_signing(motion):
        raise Conflict(_("该议案不在征集附议阶段"))
    _check_deadline(motion.session, at)
    if not is_serving(person, motion.session.term, timezone.localdate(at)):
        raise ValidationError(_("附议人须为本届在任代表"))
    if MotionSigner.objects.filter(motion=motion, person=person).exists():
        raise Conflict(_("%(p)s 已附议") % {"p": person.name})
    signer = MotionSigner.objects.create(
        town=motion.town, motion=motion, person=person, confirmed_at=at, confirmed_by=user_or_none(actor)
    )
    activity_record(
        code="motion.cosigned", actor=actor, subject=motion, data={"person": person.name, "at": at}
    )
    return signer


@transaction.atomic
def motion_lodge(*, motion: Motion, actor, override_reason: str = "", at=None) -> Motion:
    """Lodge (提出) the motion: five or more deputies in all (configuration), or the presidium's recorded
    override. It then gets the session's next number."""
    at = now(at)
    if motion.source == MotionSource.DEPUTIES:
        check(actor, "congress.motion_lodge", motion, _("只有领衔代表或主席团可以提出议案"))
    else:
        check(actor, "congress.motion_lodge", motion, refusal_presidium())
    _check_deadline(motion.session, at)
    n = MotionSigner.objects.filter(motion=motion).count()
    need = motion_min_signers(motion)
    override_reason = override_reason.strip()
    if need is not None and n < need:
        if not override_reason:
            raise ValidationError(
                _("%(kind)s须由 %(need)s 名以上代表联名，现有 %(n)s 名")
                % {"kind": motion.get_kind_display(), "need": need, "n": n}
            )
        check(actor, "congress.motion_lodge_override", motion, _("不足法定人数的议案只有主席团可以特许提出"))
    else:
        override_reason = ""
    Session.objects.select_for_update().filter(pk=motion.session_id).first()  # serialise numbering
    number = (Motion.objects.filter(session=motion.session_id).aggregate(n=Max("number"))["n"] or 0) + 1
    return workflow_apply(
        motion, "lodge", actor=actor, version=motion.version,
        data={"signers": n, "number": number, "override_reason": override_reason, "at": at},
        number=number, lodged_at=at, override_reason=override_reason,
    )  # fmt: skip


def motion_to_suggestion(*, motion: Motion, actor):
    """A motion not put on the agenda is handled as a deputy suggestion (channel "session"), signed by the
    motion's signers, linking back to the motion."""
    from renda.suggestions.services import suggestion_create_from

    check(actor, "congress.motion_decide", motion, refusal_presidium())
    signers = [
        s.person
        for s in MotionSigner.objects.filter(motion=motion)
        .select_related("person")
        .order_by("-is_lead", "confirmed_at")
    ]
    suggestion = suggestion_create_from(
        source=motion, town=motion.town, title=motion.title, content=motion.content, signers=signers,
        channel="session", actor=actor,
    )  # fmt: skip
    motion.suggestion = suggestion
    Motion.objects.filter(pk=motion.pk).update(suggestion=suggestion)
    activity_record(
        code="motion.suggestion_created", actor=actor, subject=motion, data={"suggestion": suggestion.pk}
    )
    return suggestion


@transaction.atomic
def motion_decide(*, motion: Motion, on_agenda: bool, reason: str = "", actor, at=None) -> Motion:
    """The presidium decides: on the agenda, or not — then it is handled as a deputy suggestion."""
    check(actor, "congress.motion_decide", motion, refusal_presidium())
    at = now(at)
    if on_agenda:
        return workflow_apply(
            motion, "put_on_agenda", actor=actor, version=motion.version,
            data={"reason": reason}, decision_reason=reason, decided_at=at,
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": _("不列入议程须说明理由")})
    motion = workflow_apply(
        motion, "keep_off_agenda", actor=actor, version=motion.version,
        data={"reason": reason}, decision_reason=reason, decided_at=at,
    )  # fmt: skip
    if motion.source == MotionSource.DEPUTIES:
        motion_to_suggestion(motion=motion, actor=actor)
    return motion


@transaction.atomic
def motion_withdraw(*, motion: Motion, reason: str, actor) -> Motion:
    """Before lodging the lead may withdraw; afterwards only with the presidium's consent (recorded)."""
    if motion.state == MotionState.DRAFT:
        action, refusal = "withdraw", _("只有领衔代表可以撤回")
        check(actor, "congress.motion_withdraw", motion, refusal)
    else:
        action = "withdraw_consented"
        check(actor, "congress.motion_withdraw_consent", motion, refusal_presidium())
    if not reason.strip():
        raise ValidationError({"reason": _("请填写撤回理由")})
    return workflow_apply(
        motion, action, actor=actor, version=motion.version,
        data={"reason": reason, "presidium_consent": action == "withdraw_consented"},
    )  # fmt: skip
