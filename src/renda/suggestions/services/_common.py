"""What the steps share: locking, dates, clocks, recipients, configuration lists, attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.audit import CODE_LABELS, activity_record
from renda.core.enums import Role
from renda.core.errors import conflict_stale
from renda.core.notifications.recipients import user_ids_with_role
from renda.core.uploads import DOCUMENTS, KINDS, upload_check
from renda.core.workflow import workflow_apply

from ..models import State, Suggestion, SuggestionAssignment, SuggestionAttachment
from ..workflow import SUGGESTION


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


def _at(on: dt.date | None) -> dt.datetime:
    """A moment on day `on` (now if today or None), for writes dated in the past (demo, imports)."""
    if on is None or on == _today():
        return _now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))


def _lock(suggestion: Suggestion, version: int | None = None) -> Suggestion:
    """Lock the row; a stale `version` (someone else acted first) is a stale Conflict."""
    fresh = Suggestion.unscoped.select_for_update().get(pk=suggestion.pk)
    if version is not None and fresh.version != version:
        raise conflict_stale(_("该建议已被他人修改，请刷新后重试"))
    return fresh


def _apply(s: Suggestion, action: str, *, actor, data: dict | None = None, check: bool = False, **fields):
    """One step along the suggestion's table (core.workflow.workflow_apply). The service has checked its own
    permission (`require`) already, so by default the table's is not checked twice."""
    return workflow_apply(s, action, actor=actor, data=data, check=check, **fields)


def _check_state(s: Suggestion, action: str) -> None:
    """Refuse early (before other checks and writes) when the table does not let `action` start here."""
    if not SUGGESTION.transition(action).starts_from(s.state):
        raise SUGGESTION.refuse(s)


# --- configuration lists (settings.RENDA) ---------------------------------------------------------


class OutcomeClass(NamedTuple):
    """One outcome class of a reply (settings.RENDA["SUGGESTION_OUTCOME_CLASSES"])."""

    code: str
    label: str
    needs_planned_date: bool  # the reply must say when it will be done (B)
    followed_up: bool  # stays on the follow-up list after closing (B, C)


def outcome_class_rows() -> list[OutcomeClass]:
    """The configured outcome classes, named: each row is a dict of the fields or a tuple in their order."""
    return [
        OutcomeClass(**row) if isinstance(row, dict) else OutcomeClass(*row)
        for row in settings.RENDA["SUGGESTION_OUTCOME_CLASSES"]
    ]


def outcome_classes() -> list[tuple[str, str]]:
    return [(c.code, f"{c.code} {_(c.label)}") for c in outcome_class_rows()]


def _outcome(code: str) -> OutcomeClass:
    for row in outcome_class_rows():
        if row.code == code:
            return row
    raise ValidationError({"outcome_class": _("办理结果类别无效")})


def not_accepted_reasons() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in settings.RENDA["SUGGESTION_NOT_ACCEPTED_REASONS"]]


# --- notifications (after commit) ----------------------------------------------------------------


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


def _deputy_users(person_ids: Iterable[int]) -> list[int]:
    return user_ids_with_role(role=Role.DEPUTY, person_ids=person_ids)


def _signer_users(s: Suggestion) -> list[int]:
    return _deputy_users(s.signers.values_list("person_id", flat=True))


def _staff_users(s: Suggestion) -> list[int]:
    return user_ids_with_role(role=Role.TOWN_STAFF, town_id=s.town_id)


def _unit_users(unit_ids: Iterable[int | None]) -> list[int]:
    out: list[int] = []
    for unit_id in filter(None, unit_ids):
        out += user_ids_with_role(role=Role.UNIT_CLERK, unit_id=unit_id)
    return out


def _presidium_users(person_ids: Iterable[int]) -> list[int]:
    return user_ids_with_role(role=Role.PRESIDIUM, person_ids=person_ids)


# --- assignments ------------------------------------------------------------------------------------


def _active_assignment(s: Suggestion, unit, role: str | None = None) -> SuggestionAssignment:
    qs = SuggestionAssignment.objects.filter(suggestion=s, unit=unit, active=True)
    if role:
        qs = qs.filter(role=role)
    a = qs.first()
    if a is None:
        raise PermissionDenied(_("该建议未交由本单位办理"))
    return a


def _round_of(s: Suggestion) -> int:
    """The handling round a suggestion is in: 2 while it is re-handled after 不满意, else 1."""
    return 2 if s.state == State.REHANDLING else 1


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
