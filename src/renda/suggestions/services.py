"""Suggestion writes (C3). Views, forms and the API call these; each writes its audit row.

The state changes only in `_transition`, along `TRANSITIONS`; every write locks the suggestion row
(`_lock`) and, when the caller read a `version`, refuses a stale one (Conflict: 请刷新后重试).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from renda.core.audit import CODE_LABELS, activity_record
from renda.core.errors import Conflict
from renda.core.figures.services import figures_stale
from renda.core.uploads import DOCUMENTS, KINDS, upload_check
from renda.registry.models import Person

from .models import (
    AttachmentKind,
    Channel,
    ExtensionState,
    FollowUp,
    KeyNotice,
    KeySupervisor,
    Score,
    State,
    Suggestion,
    SuggestionAssignment,
    SuggestionAttachment,
    SuggestionContact,
    SuggestionCounter,
    SuggestionExtension,
    SuggestionFeedback,
    SuggestionReply,
    SuggestionSigner,
    UnitRole,
)
from .similarity import tokens_of

CODE_LABELS.update(
    {
        "suggestion.created": gettext_lazy("新建建议"),
        "suggestion.drafted": gettext_lazy("保存草稿"),
        "suggestion.submitted": gettext_lazy("提交建议"),
        "suggestion.cosign_requested": gettext_lazy("请求附议"),
        "suggestion.cosigned": gettext_lazy("附议确认"),
        "suggestion.accepted": gettext_lazy("审查立案"),
        "suggestion.not_accepted": gettext_lazy("不予立案"),
        "suggestion.assigned": gettext_lazy("交办"),
        "suggestion.signed": gettext_lazy("签收"),
        "suggestion.returned": gettext_lazy("退办"),
        "suggestion.contacted": gettext_lazy("联系沟通"),
        "suggestion.co_opinion": gettext_lazy("协办意见"),
        "suggestion.extension_requested": gettext_lazy("申请延期"),
        "suggestion.extension_approved": gettext_lazy("批准延期"),
        "suggestion.extension_refused": gettext_lazy("不批准延期"),
        "suggestion.replied": gettext_lazy("答复"),
        "suggestion.feedback": gettext_lazy("代表反馈"),
        "suggestion.rehandling": gettext_lazy("重新办理"),
        "suggestion.closed": gettext_lazy("办结"),
        "suggestion.merged": gettext_lazy("并案"),
        "suggestion.merged_in": gettext_lazy("并入建议"),
        "suggestion.key_chosen": gettext_lazy("列为重点督办"),
        "suggestion.key_removed": gettext_lazy("取消重点督办"),
        "suggestion.key_notice": gettext_lazy("印发重点督办通知"),
        "suggestion.published": gettext_lazy("公开答复"),
        "suggestion.unpublished": gettext_lazy("撤回公开"),
        "suggestion.followup_due": gettext_lazy("后续跟踪到期"),
        "suggestion.followup_checked": gettext_lazy("后续跟踪核查"),
        "suggestion.attachment_added": gettext_lazy("上传附件"),
    }
)

# The one table of allowed state changes.
TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.COSIGNING, State.SUBMITTED},
    State.COSIGNING: {State.SUBMITTED, State.DRAFT},
    State.SUBMITTED: {State.ACCEPTED, State.NOT_ACCEPTED, State.MERGED},
    State.ACCEPTED: {State.ASSIGNED, State.MERGED},
    State.ASSIGNED: {State.ACCEPTED, State.REPLIED},
    State.REPLIED: {State.CLOSED, State.REHANDLING},
    State.REHANDLING: {State.REPLIED},
    State.NOT_ACCEPTED: set(),
    State.CLOSED: set(),
    State.MERGED: set(),
}


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


def _lock(suggestion: Suggestion, version: int | None = None) -> Suggestion:
    """Lock the row; a stale `version` (someone else acted first) is a Conflict."""
    fresh = Suggestion.unscoped.select_for_update().get(pk=suggestion.pk)
    if version is not None and fresh.version != version:
        raise Conflict(_("该建议已被他人修改，请刷新后重试"))
    return fresh


def _transition(suggestion: Suggestion, to: str, *, actor, code: str, data: dict | None = None) -> Suggestion:
    """The only writer of `.state`: checks the table, bumps the version, records the change."""
    if to not in TRANSITIONS[suggestion.state]:
        raise Conflict(
            _("建议当前状态为“%(state)s”，不能进行此操作") % {"state": State(suggestion.state).label}
        )
    before = suggestion.state
    suggestion.state = to
    suggestion.version += 1
    suggestion.save()
    figures_stale(town_id=suggestion.town_id)
    activity_record(
        code=code,
        actor=actor,
        subject=suggestion,
        data={"from": before, "to": to, **(data or {})},
    )
    return suggestion


def _touch(suggestion: Suggestion, *, actor, code: str, data: dict | None = None, fields=None) -> None:
    """A change that keeps the state: bump the version, save, record."""
    suggestion.version += 1
    suggestion.save()
    activity_record(code=code, actor=actor, subject=suggestion, data=data or {})


def _check_state(suggestion: Suggestion, *states: str) -> None:
    if suggestion.state not in states:
        raise Conflict(
            _("建议当前状态为“%(state)s”，不能进行此操作") % {"state": State(suggestion.state).label}
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


def _start_assign_clock(suggestion: Suggestion, actor, on: dt.date) -> None:
    from renda.core.deadlines.services import clock_start

    clock_start(
        subject=suggestion,
        kind="suggestion.assign",
        actor=actor,
        start_date=on,
        person=suggestion.lead_person,
    )


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
    at = at or _now()
    s.submitted_at = at
    s.number = s.number or _number(s.town, s.year)
    _transition(s, State.SUBMITTED, actor=actor, code="suggestion.submitted", data={"number": s.number})
    _start_assign_clock(s, actor, timezone.localdate(at))
    return s


@transaction.atomic
def suggestion_create_from(
    *, source, town, title: str, content: str, signers: list[Person], channel: str, actor
) -> Suggestion:
    """Turn an appeal, a non-agenda motion, a session or an activity into a SUBMITTED suggestion.

    The first person is the lead signer; all signers are taken as confirmed (their own item at the
    source); the assignment clock (7 working days) starts today."""
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


# The labels of the default configuration lists (settings.RENDA), for the translation catalogue.
CONFIG_LABELS = [
    gettext_noop("属于代表个人事务"),
    gettext_noop("涉及具体司法案件"),
    gettext_noop("内容空泛、无实质内容"),
    gettext_noop("其他"),
    gettext_noop("已解决或采纳"),
    gettext_noop("正在解决或列入计划"),
    gettext_noop("因条件限制暂不能解决"),
    gettext_noop("留作参考"),
]

# --- configuration lists -------------------------------------------------------------------------


def not_accepted_reasons() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in settings.RENDA["SUGGESTION_NOT_ACCEPTED_REASONS"]]


def outcome_classes() -> list[tuple[str, str]]:
    return [(c[0], f"{c[0]} {_(c[1])}") for c in settings.RENDA["SUGGESTION_OUTCOME_CLASSES"]]


def _outcome(code: str) -> tuple:
    for row in settings.RENDA["SUGGESTION_OUTCOME_CLASSES"]:
        if row[0] == code:
            return row
    raise ValidationError({"outcome_class": _("办理结果类别无效")})


# --- notifications (after commit) ----------------------------------------------------------------

MESSAGES = {
    "suggestion_event": (
        gettext_lazy("【代表建议】%(item)s：%(kind)s"),
        gettext_lazy("代表建议“%(item)s”：%(kind)s。%(due)s"),
    ),
}


def _register_messages() -> None:
    from renda.core.notifications.messages import TEMPLATES

    TEMPLATES.update(MESSAGES)


_register_messages()


def _notify(suggestion: Suggestion, user_ids: Iterable[int], event: str, note: str = "") -> None:
    """An event message to users (inbox, e-mail/SMS by preference), sent when the transaction commits."""
    from renda.core.notifications.models import Notification, NotificationKind
    from renda.core.notifications.services import notifications_create

    ids = sorted({u for u in user_ids if u})
    if not ids:
        return
    params = {"item": str(suggestion)[:120], "kind": str(CODE_LABELS.get(event, event)), "due": note}
    town_id, link = suggestion.town_id, suggestion.get_absolute_url()

    def send():
        notifications_create(
            [
                Notification(
                    town_id=town_id,
                    user_id=u,
                    kind=NotificationKind.SUGGESTION,
                    template="suggestion_event",
                    params=params,
                    link=link,
                )
                for u in ids
            ]
        )

    transaction.on_commit(send)


def _users(**filters) -> list[int]:
    from renda.core.models import RoleGrant

    return list(RoleGrant.objects.filter(**filters).values_list("user_id", flat=True))


def _signer_users(s: Suggestion) -> list[int]:
    from renda.core.enums import Role

    persons = list(s.signers.values_list("person_id", flat=True))
    return _users(role=Role.DEPUTY, person__in=persons)


def _staff_users(s: Suggestion) -> list[int]:
    from renda.core.enums import Role

    return _users(role=Role.TOWN_STAFF, town=s.town_id)


def _unit_users(unit_ids: Iterable[int]) -> list[int]:
    from renda.core.enums import Role

    return _users(role=Role.UNIT_CLERK, unit__in=list(unit_ids))


# --- actors ---------------------------------------------------------------------------------------


def _is_staff(actor, s: Suggestion) -> bool:
    from renda.core.access import user_is_staff_for

    return actor is not None and user_is_staff_for(actor, s.town_id)


def _require_staff(actor, s: Suggestion) -> None:
    if not _is_staff(actor, s):
        raise PermissionDenied(_("只有镇人大工作人员可以进行此操作"))


def _persons_of(actor) -> frozenset[int]:
    from renda.core.access import grants_of

    return grants_of(actor).person_ids if actor is not None else frozenset()


def _active_assignment(s: Suggestion, unit, role: str | None = None) -> SuggestionAssignment:
    qs = SuggestionAssignment.objects.filter(suggestion=s, unit=unit, active=True)
    if role:
        qs = qs.filter(role=role)
    a = qs.first()
    if a is None:
        raise PermissionDenied(_("该建议未交由本单位办理"))
    return a


def _require_unit(actor, unit) -> None:
    from renda.core.access import grants_of

    if actor is None or unit is None or unit.pk not in grants_of(actor).unit_ids:
        raise PermissionDenied(_("您不是该承办单位的经办人"))


# --- clocks ---------------------------------------------------------------------------------------


def _clock(subject, kind: str):
    from renda.core.deadlines.models import Clock

    ct = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return Clock.unscoped.filter(
        content_type=ct, object_id=str(subject.pk), kind=kind, stopped_at=None
    ).first()


def _stop(subject, kind: str, actor, reason: str = "", at=None):
    from renda.core.deadlines.services import clock_stop

    c = _clock(subject, kind)
    if c is not None:
        return clock_stop(clock=c, actor=actor, reason=reason, at=at)
    return None


def _start(subject, kind: str, actor, on: dt.date, rule: str | None = None, **kw):
    from renda.core.deadlines.services import clock_start

    return clock_start(subject=subject, kind=kind, actor=actor, start_date=on, rule=rule, **kw)


def _at(on: dt.date | None) -> dt.datetime:
    """A moment on day `on` (now if today or None), for writes dated in the past (demo, imports)."""
    if on is None or on == _today():
        return _now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))


# --- submission -----------------------------------------------------------------------------------


@transaction.atomic
def suggestion_create(
    *,
    town,
    data: dict,
    signers: list[Person],
    actor,
    submit: bool = True,
    source=None,
    on: dt.date | None = None,
) -> Suggestion:
    """A deputy's own suggestion (the actor is the lead signer), or one entered by town staff for a
    deputy (recorded as such). Co-signers confirm before it counts as submitted."""
    signers = list(signers)
    if not signers:
        raise ValidationError(_("至少需要一名领衔代表"))
    staff = _is_staff(actor, Suggestion(town=town))
    if not staff and signers[0].pk not in _persons_of(actor):
        raise PermissionDenied(_("只能以本人为领衔代表提出建议"))
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
        on_behalf=staff and signers[0].pk not in _persons_of(actor),
        year=(on or _today()).year,
    )
    # The lead signer confirms by submitting; town staff entering for deputies confirm for them all.
    now = _at(on)
    if s.on_behalf:
        SuggestionSigner.objects.filter(suggestion=s).update(confirmed_at=now)
    else:
        SuggestionSigner.objects.filter(suggestion=s, lead=True).update(confirmed_at=now)
    if submit:
        suggestion_submit(suggestion=s, actor=actor, on=on)
        s.refresh_from_db()
    return s


@transaction.atomic
def suggestion_submit(*, suggestion: Suggestion, actor, version: int | None = None, on=None) -> Suggestion:
    s = _lock(suggestion, version)
    if not _is_staff(actor, s) and s.lead_person_id not in _persons_of(actor):
        raise PermissionDenied(_("只有领衔代表可以提交"))
    _check_state(s, State.DRAFT)
    waiting = s.signers.filter(confirmed_at=None)
    if waiting.exists():
        s.number = s.number or _number(s.town, s.year)
        _transition(s, State.COSIGNING, actor=actor, code="suggestion.cosign_requested")
        from renda.core.enums import Role

        _notify(
            s,
            _users(role=Role.DEPUTY, person__in=list(waiting.values_list("person_id", flat=True))),
            "suggestion.cosign_requested",
        )
        return s
    return _submit(s, actor=actor, at=_at(on))


@transaction.atomic
def suggestion_cosign(*, suggestion: Suggestion, person: Person, actor, on=None) -> Suggestion:
    """A co-signer confirms; the last confirmation submits the suggestion."""
    s = _lock(suggestion)
    _check_state(s, State.COSIGNING)
    if person.pk not in _persons_of(actor) and not _is_staff(actor, s):
        raise PermissionDenied(_("只能由本人确认附议"))
    signer = s.signers.filter(person=person).first()
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


# --- attachments: sniffed by their first bytes, never trusted by name -----------------------------

ALLOWED = {kind: (KINDS[kind].mime, KINDS[kind].label) for kind in DOCUMENTS}


def _attachment_check(upload) -> str:
    """Size, real type against the extension, and for a DOCX its zip directory (core.uploads)."""
    limit = settings.RENDA["SUGGESTION_ATTACHMENT_MAX_BYTES"]
    if upload.size > limit:
        raise ValidationError(_("附件过大（上限 %(mb)s MB）") % {"mb": limit // (1024 * 1024)})
    return upload_check(
        upload,
        kinds=DOCUMENTS,
        max_bytes=limit,
        message=_("只接受图片（JPG、PNG）、PDF 和 Word 文件，且扩展名须与文件内容一致"),
    )


def _attachment_save(s: Suggestion, upload, actor, kind: str) -> SuggestionAttachment:
    real = _attachment_check(upload)
    if s.attachments.count() >= settings.RENDA["SUGGESTION_ATTACHMENT_MAX_FILES"]:
        raise ValidationError(_("附件数量已达上限"))
    a = SuggestionAttachment(
        town=s.town,
        suggestion=s,
        kind=kind,
        name=upload.name[-200:],
        mime=ALLOWED[real][0],
        size=upload.size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    a.file.save(upload.name, upload, save=False)
    a.save()
    activity_record(
        code="suggestion.attachment_added", actor=actor, subject=s, data={"name": a.name, "kind": kind}
    )
    return a


@transaction.atomic
def suggestion_attachment_add(*, suggestion: Suggestion, upload, actor) -> SuggestionAttachment:
    s = _lock(suggestion)
    if not _is_staff(actor, s) and not set(s.signers.values_list("person_id", flat=True)) & _persons_of(
        actor
    ):
        raise PermissionDenied(_("只有署名代表或镇人大工作人员可以上传附件"))
    _check_state(s, State.DRAFT, State.COSIGNING, State.SUBMITTED, State.ACCEPTED)
    return _attachment_save(s, upload, actor, AttachmentKind.MATERIAL)


# --- review and assignment --------------------------------------------------------------------------


@transaction.atomic
def suggestion_review(
    *, suggestion: Suggestion, accept: bool, actor, reason: str = "", note: str = "", version=None, on=None
) -> Suggestion:
    s = _lock(suggestion, version)
    _require_staff(actor, s)
    _check_state(s, State.SUBMITTED)
    s.reviewed_at = _at(on)
    if accept:
        _transition(s, State.ACCEPTED, actor=actor, code="suggestion.accepted")
    else:
        codes = dict(not_accepted_reasons())
        if reason not in codes:
            raise ValidationError({"reason": _("请选择不予立案的理由")})
        s.not_accepted_reason = reason
        s.not_accepted_note = note
        _transition(
            s,
            State.NOT_ACCEPTED,
            actor=actor,
            code="suggestion.not_accepted",
            data={"reason": str(codes[reason]), "note": note},
        )
        _stop(s, "suggestion.assign", actor, reason=_("不予立案"), at=s.reviewed_at)
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
    _require_staff(actor, s)
    _check_state(s, State.ACCEPTED)
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
    rows = []
    for role, unit in [(UnitRole.LEAD, lead_unit)] + [(UnitRole.CO, u) for u in co_units]:
        a = SuggestionAssignment.objects.create(
            town=s.town, suggestion=s, unit=unit, role=role, assigned_on=on, assigned_by=actor
        )
        rows.append(a)
        _start(a, "suggestion.return", actor, on, unit=unit)
        if role == UnitRole.CO:
            _start(a, "suggestion.co_opinion", actor, on, unit=unit)
    rule = "suggestion.reply_difficult" if difficult else "suggestion.reply"
    reply = _start(s, "suggestion.reply", actor, on, rule=rule, unit=lead_unit, person=s.lead_person)
    _start(s, "suggestion.contact", actor, on, unit=lead_unit, person=s.lead_person)
    s.difficult = difficult
    s.lead_unit = lead_unit
    s.assigned_on = on
    s.due_date = reply.due_date
    _transition(
        s,
        State.ASSIGNED,
        actor=actor,
        code="suggestion.assigned",
        data={
            "lead_unit": str(lead_unit),
            "co_units": [str(u) for u in co_units],
            "difficult": difficult,
            "due_date": reply.due_date,
            "late": late,
        },
    )
    _notify(
        s, _unit_users([lead_unit.pk, *[u.pk for u in co_units]]), "suggestion.assigned", str(reply.due_date)
    )
    _notify(s, _signer_users(s), "suggestion.assigned", str(lead_unit))
    return s


@transaction.atomic
def suggestion_sign(*, suggestion: Suggestion, unit, actor, on=None) -> SuggestionAssignment:
    s = _lock(suggestion)
    _require_unit(actor, unit)
    _check_state(s, State.ASSIGNED, State.REHANDLING)
    a = _active_assignment(s, unit)
    if a.signed_at is not None:
        raise Conflict(_("本单位已签收"))
    a.signed_at = _at(on)
    a.signed_by = actor
    a.save(update_fields=["signed_at", "signed_by", "updated_at"])
    _touch(s, actor=actor, code="suggestion.signed", data={"unit": str(unit)})
    return a


@transaction.atomic
def suggestion_return(
    *, suggestion: Suggestion, unit, reason: str, actor, version=None, on=None
) -> Suggestion:
    """A unit returns an item outside its remit (退办) within its window; the lead's return sends the
    item back to town staff for a new assignment."""
    s = _lock(suggestion, version)
    _require_unit(actor, unit)
    _check_state(s, State.ASSIGNED)
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
        s.lead_unit = None
        s.due_date = None
        s.assigned_on = None
        _transition(s, State.ACCEPTED, actor=actor, code="suggestion.returned", data=data)
        _start(s, "suggestion.assign", actor, on, person=s.lead_person)
    else:
        _touch(s, actor=actor, code="suggestion.returned", data=data)
    _notify(s, _staff_users(s), "suggestion.returned", reason)
    return s


@transaction.atomic
def suggestion_contact_record(
    *, suggestion: Suggestion, unit, date: dt.date, way: str, summary: str, actor
) -> SuggestionContact:
    s = _lock(suggestion)
    _require_unit(actor, unit)
    _check_state(s, State.ASSIGNED, State.REHANDLING)
    _active_assignment(s, unit)
    if not (summary or "").strip():
        raise ValidationError({"summary": _("请填写沟通情况")})
    if date > _today():
        raise ValidationError({"date": _("联系日期不能晚于今天")})
    round_no = _round_of(s)
    if round_no == 2 and date < s.replied_on:
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
    _touch(
        s,
        actor=actor,
        code="suggestion.contacted",
        data={"unit": str(unit), "round": round_no, "date": date, "way": way, "summary": summary},
    )
    return c


def _round_of(s: Suggestion) -> int:
    """The handling round a suggestion is in: 2 while it is re-handled after 不满意, else 1."""
    return 2 if s.state == State.REHANDLING else 1


@transaction.atomic
def suggestion_co_opinion(
    *, suggestion: Suggestion, unit, opinion: str, actor, on=None
) -> SuggestionAssignment:
    s = _lock(suggestion)
    _require_unit(actor, unit)
    _check_state(s, State.ASSIGNED, State.REHANDLING)
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
    _touch(s, actor=actor, code="suggestion.co_opinion", data={"unit": str(unit), "opinion": opinion})
    _notify(s, _unit_users([s.lead_unit_id]), "suggestion.co_opinion", str(unit))
    return a


@transaction.atomic
def suggestion_extension_request(
    *, suggestion: Suggestion, unit, days: int, reason: str, actor
) -> SuggestionExtension:
    s = _lock(suggestion)
    _require_unit(actor, unit)
    _check_state(s, State.ASSIGNED, State.REHANDLING)
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
    _touch(s, actor=actor, code="suggestion.extension_requested", data={"days": days, "reason": reason})
    _notify(s, _staff_users(s), "suggestion.extension_requested", reason)
    return e


@transaction.atomic
def suggestion_extension_decide(
    *, extension: SuggestionExtension, approve: bool, actor
) -> SuggestionExtension:
    from renda.core.deadlines.services import clock_extend

    s = _lock(extension.suggestion)
    _require_staff(actor, s)
    e = SuggestionExtension.objects.select_for_update().get(pk=extension.pk)
    if e.state != ExtensionState.PENDING:
        raise Conflict(_("该延期申请已审批"))
    e.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    e.decided_by = actor
    e.decided_at = _now()
    e.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    data = {"days": e.days, "reason": e.reason}
    if approve:
        kind = "suggestion.second_reply" if s.state == State.REHANDLING else "suggestion.reply"
        clock = _clock(s, kind)
        if clock is None:
            raise Conflict(_("没有正在计算的答复期限"))
        clock = clock_extend(clock=clock, days=e.days, reason=e.reason, approver=actor, actor=actor)
        s.due_date = clock.due_date
        data["due_date"] = clock.due_date
        figures_stale(town_id=s.town_id)
    _touch(
        s,
        actor=actor,
        code="suggestion.extension_approved" if approve else "suggestion.extension_refused",
        data=data,
    )
    _notify(
        s,
        _unit_users([e.unit_id]),
        "suggestion.extension_approved" if approve else "suggestion.extension_refused",
    )
    return e


# --- reply and feedback ---------------------------------------------------------------------------------


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
    _require_unit(actor, unit)
    _check_state(s, State.ASSIGNED, State.REHANDLING)
    _active_assignment(s, unit, UnitRole.LEAD)
    row = _outcome(outcome_class)
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写答复内容")})
    if letter is None:
        raise ValidationError({"letter": _("请上传盖章的答复函")})
    if row[2] and planned_date is None:
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
        planned_date=planned_date if row[2] or row[3] else None,
        replied_on=on,
        due_date=due,
        on_time=due is None or on <= due,
        replied_by=actor,
    )
    _stop(s, kind, actor, reason=_("已答复"), at=at)
    _stop(s, "suggestion.contact", actor, reason=_("已答复"), at=at)
    s.outcome_class = outcome_class
    s.replied_on = on
    if round_no == 1:
        s.replied_on_time = r.on_time
    s.followup_date = r.planned_date
    _transition(
        s,
        State.REPLIED,
        actor=actor,
        code="suggestion.replied",
        data={
            "round": round_no,
            "outcome_class": outcome_class,
            "on_time": r.on_time,
            "planned_date": planned_date,
        },
    )
    _notify(s, _signer_users(s), "suggestion.replied", outcome_class)
    return r


def _close(s: Suggestion, actor, at) -> None:
    row = _outcome(s.outcome_class)
    s.closed_at = at
    if row[3]:
        s.followup = FollowUp.OPEN
        if s.followup_date:
            _start(s, "suggestion.followup", actor, s.followup_date, person=s.lead_person)
    _transition(
        s, State.CLOSED, actor=actor, code="suggestion.closed", data={"outcome_class": s.outcome_class}
    )


@transaction.atomic
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
    if person.pk not in _persons_of(actor) and not _is_staff(actor, s):
        raise PermissionDenied(_("只能由署名代表本人反馈"))
    if not s.signers.filter(person=person).exists():
        raise PermissionDenied(_("您不是该建议的署名代表"))
    _check_state(s, State.REPLIED)
    for score in (work_score, result_score):
        if score not in Score.values:
            raise ValidationError(_("评价无效"))
    reply = s.replies.order_by("-round").first()
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
    _touch(
        s,
        actor=actor,
        code="suggestion.feedback",
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
        s.due_date = clock.due_date
        _transition(
            s, State.REHANDLING, actor=actor, code="suggestion.rehandling", data={"due_date": clock.due_date}
        )
        _notify(
            s, _unit_users([s.lead_unit_id]) + _staff_users(s), "suggestion.rehandling", str(clock.due_date)
        )
    else:
        _close(s, actor, at)


@transaction.atomic
def suggestion_close(*, suggestion: Suggestion, actor, version=None, on=None) -> Suggestion:
    """Town staff close a replied item whose signers did not all answer: the missing ones count as 未表态."""
    s = _lock(suggestion, version)
    _require_staff(actor, s)
    _check_state(s, State.REPLIED)
    reply = s.replies.order_by("-round").first()
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


# --- merging, key supervision, publication, follow-up ----------------------------------------------------


@transaction.atomic
def suggestion_merge(*, target: Suggestion, others: list[Suggestion], actor) -> Suggestion:
    """并案: the others become part of `target`, which keeps every signer."""
    t = _lock(target)
    _require_staff(actor, t)
    _check_state(t, State.SUBMITTED, State.ACCEPTED)
    if not others:
        raise ValidationError(_("请选择要并入的建议"))
    position = t.signers.count()
    have = set(t.signers.values_list("person_id", flat=True))
    for other in others:
        o = _lock(other)
        if o.pk == t.pk or o.town_id != t.town_id or o.year != t.year:
            raise ValidationError(_("只能合并同一镇（街道）同一年度的其他建议"))
        _check_state(o, State.SUBMITTED, State.ACCEPTED)
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
        o.merged_into = t
        _stop(o, "suggestion.assign", actor, reason=_("已并案"))
        _transition(o, State.MERGED, actor=actor, code="suggestion.merged", data={"into": str(t)})
        activity_record(code="suggestion.merged_in", actor=actor, subject=t, data={"from": str(o)})
        _notify(o, _signer_users(o), "suggestion.merged", str(t))
    t.version += 1
    t.save()
    return t


KEY_STATES = {State.ACCEPTED, State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED}


@transaction.atomic
def suggestion_key_set(
    *, suggestion: Suggestion, is_key: bool, supervisors: list[Person], actor
) -> Suggestion:
    """Choose (or drop) a key suggestion (重点督办) with its presidium supervisors."""
    from renda.registry.models import PresidiumMember

    s = _lock(suggestion)
    _require_staff(actor, s)
    if s.state not in KEY_STATES:
        raise Conflict(_("只有已立案的建议可以列为重点督办"))
    s.supervisors.all().delete()
    if is_key:
        if not supervisors:
            raise ValidationError({"supervisors": _("请至少选择一名督办的主席团成员")})
        members = set(
            PresidiumMember.objects.filter(town=s.town, end_date=None, person__in=supervisors).values_list(
                "person_id", flat=True
            )
        )
        for p in supervisors:
            if p.pk not in members:
                raise ValidationError({"supervisors": _("%(p)s 不是现任主席团成员") % {"p": p}})
            KeySupervisor.objects.create(town=s.town, suggestion=s, person=p)
    s.is_key = is_key
    _touch(
        s,
        actor=actor,
        code="suggestion.key_chosen" if is_key else "suggestion.key_removed",
        data={"supervisors": [str(p) for p in supervisors] if is_key else []},
    )
    if is_key:
        from renda.core.enums import Role

        _notify(
            s, _users(role=Role.PRESIDIUM, person__in=[p.pk for p in supervisors]), "suggestion.key_chosen"
        )
    return s


@transaction.atomic
def key_notice_issue(*, town, year: int, actor, deadline: dt.date | None = None, on=None) -> KeyNotice:
    """Issue this year's key suggestions as a formal notice with a document number (〔2027〕1号)."""
    if not _is_staff(actor, Suggestion(town=town)):
        raise PermissionDenied(_("只有镇人大工作人员可以进行此操作"))
    items = list(Suggestion.objects.filter(town=town, year=year, is_key=True))
    if not items:
        raise ValidationError(_("本年度尚未选定重点督办建议"))
    seq = (KeyNotice.objects.filter(town=town, year=year).aggregate(m=models.Max("sequence"))["m"] or 0) + 1
    prefix = town.name[:2]
    n = KeyNotice.objects.create(
        town=town,
        year=year,
        sequence=seq,
        doc_number=f"{prefix}人发〔{year}〕{seq}号",
        title=_("关于确定%(year)s年度重点督办代表建议的通知") % {"year": year},
        deadline=deadline,
        issued_at=_at(on),
        issued_by=actor,
    )
    n.suggestions.set(items)
    activity_record(
        code="suggestion.key_notice",
        actor=actor,
        subject=n,
        data={"doc_number": n.doc_number, "count": len(items)},
    )
    return n


@transaction.atomic
def suggestion_publish(*, suggestion: Suggestion, published: bool, actor) -> Suggestion:
    s = _lock(suggestion)
    _require_staff(actor, s)
    if published:
        _check_state(s, State.REPLIED, State.REHANDLING, State.CLOSED)
    s.published = published
    s.published_at = _now() if published else None
    _touch(s, actor=actor, code="suggestion.published" if published else "suggestion.unpublished")
    return s


def suggestions_followup_sweep(*, today: dt.date | None = None) -> int:
    """B/C items whose planned date has passed come back to town staff (notified once). Idempotent."""
    today = today or _today()
    moved = 0
    ids = list(
        Suggestion.unscoped.filter(followup=FollowUp.OPEN, followup_date__lte=today).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            s = Suggestion.unscoped.select_for_update().get(pk=pk)
            if s.followup != FollowUp.OPEN:
                continue
            s.followup = FollowUp.DUE
            _touch(s, actor=None, code="suggestion.followup_due", data={"planned_date": s.followup_date})
            _notify(s, _staff_users(s), "suggestion.followup_due", str(s.followup_date))
            moved += 1
    return moved


@transaction.atomic
def suggestion_followup_check(
    *, suggestion: Suggestion, done: bool, note: str, actor, new_date: dt.date | None = None
) -> Suggestion:
    s = _lock(suggestion)
    _require_staff(actor, s)
    if s.state != State.CLOSED or s.followup not in (FollowUp.OPEN, FollowUp.DUE):
        raise Conflict(_("该建议不在后续跟踪清单上"))
    _stop(s, "suggestion.followup", actor, reason=note)
    if done:
        s.followup = FollowUp.DONE
    else:
        if new_date is None or new_date <= _today():
            raise ValidationError({"new_date": _("请填写新的计划完成日期")})
        s.followup = FollowUp.OPEN
        s.followup_date = new_date
        _start(s, "suggestion.followup", actor, new_date, person=s.lead_person)
    _touch(
        s,
        actor=actor,
        code="suggestion.followup_checked",
        data={"done": done, "note": note, "new_date": new_date},
    )
    return s


@transaction.atomic
def suggestion_create_with_attachment(
    *, town, data: dict, signers: list[Person], upload, submit: bool, actor
) -> Suggestion:
    """The submission form: the suggestion and its first attachment, all or nothing."""
    s = suggestion_create(town=town, data=data, signers=signers, actor=actor, submit=False)
    if upload is not None:
        _attachment_save(s, upload, actor, AttachmentKind.MATERIAL)
    if submit:
        suggestion_submit(suggestion=s, actor=actor)
        s.refresh_from_db()
    return s
