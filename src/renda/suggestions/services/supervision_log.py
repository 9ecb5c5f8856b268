"""The supervision log of key suggestions (督办记录, Deputies Law Art. 52): what the assigned presidium members
did (a visit to the unit, a meeting with the deputy, a call, a written urge, a site check), and the daily flag
of an overdue key suggestion nobody supervised for a period (超过一个月未督办)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.actors import SYSTEM
from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.permissions import require
from renda.registry.models import Person

from ..models import KeySupervisor, State, Suggestion, SupervisionEntry, SupervisionFlag, SupervisionKind
from ..queries import supervision_idle_q
from ._common import (
    ALLOWED,
    _attachment_check,
    _deputy_users,
    _lock,
    _notify,
    _presidium_users,
    _today,
    _unit_users,
)

# Supervision runs while the suggestion is being dealt with: chosen as key (accepted) until it is closed.
SUPERVISABLE = frozenset({State.ACCEPTED, State.ASSIGNED, State.REPLIED, State.REHANDLING})


def supervision_idle_days() -> int:
    return int(settings.RENDA["SUGGESTION_SUPERVISION_IDLE_DAYS"])


def _supervisor_for(s: Suggestion, actor, supervisor: Person | None) -> Person:
    """The supervisor the entry is of: the actor's own person when they supervise it; town staff name one."""
    assigned = {
        k.person_id: k.person for k in KeySupervisor.objects.filter(suggestion=s).select_related("person")
    }
    if actor is SYSTEM:
        mine: set[int] = set()
    else:
        mine = set(grants_of(actor).person_ids) & set(assigned)
    if supervisor is None:
        if len(mine) == 1:
            return assigned[next(iter(mine))]
        raise ValidationError({"supervisor": _("请选择督办人")})
    if supervisor.pk not in assigned:
        raise ValidationError({"supervisor": _("%(p)s 不是该建议的督办人") % {"p": supervisor}})
    if mine and supervisor.pk not in mine and not _is_staff(actor, s):
        raise PermissionDenied(_("只能记录本人的督办情况"))
    return assigned[supervisor.pk]


def _is_staff(actor, s: Suggestion) -> bool:
    from renda.core.access import user_is_staff_for

    return actor is SYSTEM or user_is_staff_for(actor, s.town_id)


@transaction.atomic
def supervision_entry_record(
    *,
    suggestion: Suggestion,
    kind: str,
    date: dt.date | None,
    notes: str,
    actor,
    attachment=None,
    supervisor: Person | None = None,
) -> SupervisionEntry:
    """Record one supervision step on a key suggestion, by one of its supervisors (or town staff on a
    supervisor's behalf, naming the supervisor). The lead deputy and the handling units are told."""
    s = _lock(suggestion)
    require(actor, "suggestions.supervise", s)
    if not s.is_key:
        raise Conflict(_("该建议不是重点督办建议，不能记录督办情况"))
    if s.state not in SUPERVISABLE:
        raise Conflict(_("建议当前状态为“%(state)s”，不能记录督办情况") % {"state": State(s.state).label})
    who = _supervisor_for(s, actor, supervisor)
    errors: dict[str, str] = {}
    if kind not in SupervisionKind.values:
        errors["kind"] = _("请选择督办方式")
    if date is None:
        errors["date"] = _("请填写督办日期")
    elif date > _today():
        errors["date"] = _("督办日期不能晚于今天")
    elif s.key_since and date < s.key_since:
        errors["date"] = _("督办日期不能早于列为重点督办的日期（%(d)s）") % {"d": s.key_since}
    if not (notes or "").strip():
        errors["notes"] = _("请填写督办情况")
    if errors or date is None:
        raise ValidationError(errors)
    e = SupervisionEntry(
        town=s.town,
        suggestion=s,
        supervisor=who,
        kind=kind,
        date=date,
        notes=notes.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if attachment is not None:
        try:
            real = _attachment_check(attachment)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from exc
        e.attachment_name = attachment.name[-200:]
        e.attachment_mime = ALLOWED[real][0]
        e.attachment.save(attachment.name, attachment, save=False)
    e.full_clean()
    e.save()
    label = SupervisionKind(kind).label
    activity_record(
        code="suggestion.supervised",
        actor=actor,
        subject=s,
        data={
            "supervisor": str(who),
            "kind": str(label),
            "date": date,
            "notes": e.notes,
            **({"attachment": e.attachment_name} if e.attachment_name else {}),
        },
    )
    note = f"{who.name} {label} {date.isoformat()}"
    units = s.assignments.filter(active=True).values_list("unit_id", flat=True)
    _notify(s, _deputy_users([s.lead_person_id]) + _unit_users(units), "suggestion.supervised", note)
    return e


def suggestions_supervision_sweep(*, today: dt.date | None = None) -> int:
    """Overdue key suggestions with no supervision entry for `SUGGESTION_SUPERVISION_IDLE_DAYS`: each of their
    supervisors is told once per period (a SupervisionFlag row), not again the next day. Idempotent; run daily
    over all towns. Answers the number of flags written."""
    today = today or _today()
    days = supervision_idle_days()
    since = today - dt.timedelta(days=days)
    ids = list(Suggestion.unscoped.filter(supervision_idle_q(today)).values_list("pk", flat=True))
    written = 0
    for pk in ids:
        with transaction.atomic():
            s = Suggestion.unscoped.select_for_update().get(pk=pk)
            if not Suggestion.unscoped.filter(supervision_idle_q(today), pk=pk).exists():
                continue  # an entry came in (or it was replied, dropped as key) since the list was read
            told = set(
                SupervisionFlag._base_manager.filter(suggestion=s, flagged_on__gt=since).values_list(
                    "person_id", flat=True
                )
            )
            persons = [
                k.person
                for k in KeySupervisor._base_manager.filter(suggestion=s).select_related("person")
                if k.person_id not in told
            ]
            if not persons:
                continue
            SupervisionFlag._base_manager.bulk_create(
                [
                    SupervisionFlag(town_id=s.town_id, suggestion=s, person=p, flagged_on=today)
                    for p in persons
                ]
            )
            activity_record(
                code="suggestion.supervision_idle",
                actor=SYSTEM,
                subject=s,
                data={"supervisors": [str(p) for p in persons], "days": days},
            )
            _notify(
                s,
                _presidium_users([p.pk for p in persons]),
                "suggestion.supervision_idle",
                _("已超过 %(days)s 天未记录督办情况") % {"days": days},
            )
            written += len(persons)
    return written
