"""Submission: a deputy's (or staff-entered) suggestion, its signers and attachments, numbering, submitting."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.permissions import is_staff_of_town, require
from renda.registry.models import Person

from ..models import (
    AttachmentKind,
    Channel,
    State,
    Suggestion,
    SuggestionAttachment,
    SuggestionCounter,
    SuggestionSigner,
)
from ..similarity import tokens_of
from ._common import (
    _apply,
    _at,
    _attachment_save,
    _check_state,
    _deputy_users,
    _lock,
    _notify,
    _now,
    _start,
    _today,
)


def _counter_locked(town, year: int) -> SuggestionCounter:
    """The town's counter of the year, locked; created on first use from the numbers already given."""
    counter = SuggestionCounter.unscoped.select_for_update().filter(town=town, year=year).first()
    if counter is not None:
        return counter
    used = Suggestion.unscoped.filter(town=town, year=year).exclude(number="").count()
    try:
        with transaction.atomic():  # a savepoint: another submission may create the row at the same moment
            SuggestionCounter.unscoped.create(town=town, year=year, last=used)
    except IntegrityError:
        pass
    return SuggestionCounter.unscoped.select_for_update().get(town=town, year=year)


def _number(town, year: int) -> str:
    """The next number of the town's year ("2026-007"), allocated under the counter's row lock so two
    submissions at once cannot share one; a number already taken (rows written in bulk) is skipped."""
    counter = _counter_locked(town, year)
    n = counter.last + 1
    while Suggestion.unscoped.filter(town=town, year=year, number=f"{year}-{n:03d}").exists():
        n += 1
    counter.last = n
    counter.save(update_fields=["last", "updated_at"])
    return f"{year}-{n:03d}"


def _signers_check(town, signers: list[Person]) -> list[Person]:
    if not signers:
        raise ValidationError(_("至少需要一名领衔代表"))
    seen: list[Person] = []
    for p in signers:
        if p.town_id != town.pk:
            raise ValidationError(_("只能选择本镇（街道）的代表"))
        if p.pk not in {s.pk for s in seen}:
            seen.append(p)
    return seen


def _source_fields(source) -> dict:
    if source is None:
        return {"source_type": None, "source_id": "", "source_label": ""}
    return {
        "source_type": ContentType.objects.get_for_model(source, for_concrete_model=False),
        "source_id": str(source.pk),
        "source_label": str(source)[:200],
    }


def _build(
    *,
    town,
    title: str,
    content: str,
    signers: list[Person],
    channel: str,
    actor,
    kind: str = "suggestion",
    topic: str = "",
    source=None,
    on_behalf: bool = False,
    year: int | None = None,
) -> Suggestion:
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写标题")})
    if not (content or "").strip():
        raise ValidationError({"content": _("请填写内容")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("提出渠道无效")})
    signers = _signers_check(town, signers)
    s = Suggestion(
        town=town,
        year=year or _today().year,
        kind=kind,
        title=title.strip(),
        content=content.strip(),
        topic=topic,
        channel=channel,
        state=State.DRAFT,
        lead_person=signers[0],
        created_by=actor if getattr(actor, "pk", None) else None,
        on_behalf=on_behalf,
        tokens=" ".join(tokens_of(f"{title} {content}")),
        **_source_fields(source),
    )
    s.full_clean(exclude=["number", "tokens"])
    s.save()
    SuggestionSigner.objects.bulk_create(
        [
            SuggestionSigner(town=town, suggestion=s, person=p, lead=(i == 0), position=i)
            for i, p in enumerate(signers)
        ]
    )
    activity_record(
        code="suggestion.created",
        actor=actor,
        subject=s,
        data={
            "title": s.title,
            "channel": channel,
            "signers": [str(p) for p in signers],
            "on_behalf": on_behalf,
            "source": s.source_label,
        },
    )
    return s


def _submit(s: Suggestion, *, actor, at: dt.datetime | None = None) -> Suggestion:
    """DRAFT or COSIGNING → SUBMITTED with its number; the assignment clock (7 working days) starts."""
    at = at or _now()
    number = s.number or _number(s.town, s.year)
    _apply(s, "submit", actor=actor, data={"number": number}, submitted_at=at, number=number)
    _start(s, "suggestion.assign", actor, timezone.localdate(at), person=s.lead_person)
    return s


@transaction.atomic
def suggestion_create_from(
    *, source, town, title: str, content: str, signers: list[Person], channel: str, actor
) -> Suggestion:
    """Turn an appeal, a non-agenda motion, a session or an activity into a SUBMITTED suggestion.

    The first person is the lead signer; all signers are taken as confirmed (their own item at the
    source); the assignment clock (7 working days) starts today."""
    require(actor, "suggestions.create_from", town)
    s = _build(
        town=town,
        title=title,
        content=content,
        signers=list(signers),
        channel=channel,
        actor=actor,
        source=source,
        on_behalf=True,
    )
    SuggestionSigner.objects.filter(suggestion=s).update(confirmed_at=_now())
    return _submit(s, actor=actor)


@transaction.atomic
def suggestion_create(
    *,
    town,
    data: dict,
    signers: list[Person],
    actor,
    submit: bool = True,
    upload=None,
    source=None,
    on: dt.date | None = None,
) -> Suggestion:
    """A deputy's own suggestion (the actor is the lead signer), or one entered by town staff for a
    deputy (recorded as such), with its first attachment (`upload`), all or nothing. Co-signers confirm
    before it counts as submitted."""
    signers = list(signers)
    if not signers:
        raise ValidationError(_("至少需要一名领衔代表"))
    probe = Suggestion(town=town, lead_person=signers[0])
    require(actor, "suggestions.create", probe)
    own = signers[0].pk in grants_of(actor).person_ids
    staff = bool(is_staff_of_town(actor, probe))
    s = _build(
        town=town,
        title=data.get("title", ""),
        content=data.get("content", ""),
        signers=signers,
        channel=data.get("channel") or Channel.RECESS,
        kind=data.get("kind") or "suggestion",
        topic=data.get("topic", ""),
        actor=actor,
        source=source,
        on_behalf=staff and not own,
        year=(on or _today()).year,
    )
    # The lead signer confirms by submitting; town staff entering for deputies confirm for them all.
    now = _at(on)
    if s.on_behalf:
        SuggestionSigner.objects.filter(suggestion=s).update(confirmed_at=now)
    else:
        SuggestionSigner.objects.filter(suggestion=s, lead=True).update(confirmed_at=now)
    if upload is not None:
        _attachment_save(s, upload, actor, AttachmentKind.MATERIAL)
    if submit:
        suggestion_submit(suggestion=s, actor=actor, on=on)
        s.refresh_from_db()
    return s


def suggestion_create_with_attachment(
    *, town, data: dict, signers: list[Person], upload, submit: bool, actor
) -> Suggestion:
    """The submission form's call (kept for its callers): `suggestion_create` with `upload`."""
    return suggestion_create(town=town, data=data, signers=signers, upload=upload, submit=submit, actor=actor)


@transaction.atomic
def suggestion_submit(*, suggestion: Suggestion, actor, version: int | None = None, on=None) -> Suggestion:
    s = _lock(suggestion, version)
    require(actor, "suggestions.submit", s)
    _check_state(s, "cosign_request")
    waiting = list(s.signers.filter(confirmed_at=None).values_list("person_id", flat=True))
    if waiting:
        _apply(s, "cosign_request", actor=actor, number=s.number or _number(s.town, s.year))
        _notify(s, _deputy_users(waiting), "suggestion.cosign_requested")
        return s
    return _submit(s, actor=actor, at=_at(on))


@transaction.atomic
def suggestion_cosign(*, suggestion: Suggestion, person: Person, actor, on=None) -> Suggestion:
    """A co-signer confirms; the last confirmation submits the suggestion."""
    s = _lock(suggestion)
    if s.state != State.COSIGNING:
        raise Conflict(_("建议当前状态为“%(state)s”，不能进行此操作") % {"state": State(s.state).label})
    signer = s.signers.filter(person=person).first()
    require(actor, "suggestions.cosign", signer or SuggestionSigner(town=s.town, suggestion=s, person=person))
    if signer is None:
        raise PermissionDenied(_("您不是该建议的署名代表"))
    if signer.confirmed_at is not None:
        raise Conflict(_("已确认附议"))
    signer.confirmed_at = _at(on)
    signer.save(update_fields=["confirmed_at", "updated_at"])
    activity_record(code="suggestion.cosigned", actor=actor, subject=s, data={"person": str(person)})
    if not s.signers.filter(confirmed_at=None).exists():
        _submit(s, actor=actor, at=_at(on))
    return s


@transaction.atomic
def suggestion_attachment_add(*, suggestion: Suggestion, upload, actor) -> SuggestionAttachment:
    s = _lock(suggestion)
    require(actor, "suggestions.attach", s)
    from ..workflow import ATTACHABLE

    if s.state not in ATTACHABLE:
        raise Conflict(_("建议当前状态为“%(state)s”，不能进行此操作") % {"state": State(s.state).label})
    return _attachment_save(s, upload, actor, AttachmentKind.MATERIAL)
