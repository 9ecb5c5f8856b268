"""Supervision: key suggestions (重点督办) and their notice, publication of replies, the follow-up of B/C items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from renda.core.actors import SYSTEM
from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.permissions import require
from renda.core.workflow import workflow_apply
from renda.registry.models import Person

from ..models import FollowUp, KeyNotice, KeySupervisor, State, Suggestion
from ..workflow import FOLLOWUP, SUGGESTION
from ._common import (
    _apply,
    _at,
    _check_state,
    _lock,
    _notify,
    _now,
    _presidium_users,
    _staff_users,
    _start,
    _stop,
    _today,
)


@transaction.atomic
def suggestion_key_set(
    *, suggestion: Suggestion, is_key: bool, supervisors: list[Person], actor
) -> Suggestion:
    """Choose (or drop) a key suggestion (重点督办) with its presidium supervisors."""
    from renda.registry.models import PresidiumMember

    s = _lock(suggestion)
    require(actor, "suggestions.key", s)
    action = "key_set" if is_key else "key_remove"
    if not SUGGESTION.transition(action).starts_from(s.state):
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
    # Supervision is recorded from the day it became key (a change of supervisors keeps that day).
    key_since = (s.key_since if s.is_key and s.key_since else _today()) if is_key else None
    _apply(
        s,
        action,
        actor=actor,
        data={"supervisors": [str(p) for p in supervisors] if is_key else []},
        is_key=is_key,
        key_since=key_since,
    )
    if is_key:
        _notify(s, _presidium_users([p.pk for p in supervisors]), "suggestion.key_chosen")
    return s


@transaction.atomic
def key_notice_issue(*, town, year: int, actor, deadline: dt.date | None = None, on=None) -> KeyNotice:
    """Issue this year's key suggestions still being handled as a formal notice with a new document number
    (〔2027〕1号, then 2号 when issued again). Closed (or merged) items are left out; each item keeps its own
    reply deadline, `deadline` stands for the items that have none yet."""
    require(actor, "suggestions.key_notice", town)
    items = list(key_notice_items(town=town, year=year))
    if not items:
        raise ValidationError(_("本年度没有办理中的重点督办建议"))
    seq = (KeyNotice.objects.filter(town=town, year=year).aggregate(m=models.Max("sequence"))["m"] or 0) + 1
    n = KeyNotice.objects.create(
        town=town,
        year=year,
        sequence=seq,
        doc_number=key_notice_next_number(town=town, year=year),
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


def key_notice_items(*, town, year: int):
    """What a key-supervision notice lists: the year's key suggestions not yet closed or merged."""
    return Suggestion.objects.filter(town=town, year=year, is_key=True).exclude(
        state__in=[State.CLOSED, State.MERGED]
    )


def key_notice_next_number(*, town, year: int) -> str:
    """The document number the next notice of the year will get."""
    seq = (KeyNotice.objects.filter(town=town, year=year).aggregate(m=models.Max("sequence"))["m"] or 0) + 1
    return f"{town.name[:2]}人发〔{year}〕{seq}号"


@transaction.atomic
def suggestion_publish(*, suggestion: Suggestion, published: bool, actor) -> Suggestion:
    s = _lock(suggestion)
    require(actor, "suggestions.publish", s)
    action = "publish" if published else "unpublish"
    _check_state(s, action)
    _apply(s, action, actor=actor, published=published, published_at=_now() if published else None)
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
            workflow_apply(
                s, "followup_due", actor=SYSTEM, workflow=FOLLOWUP, data={"planned_date": s.followup_date}
            )
            _notify(s, _staff_users(s), "suggestion.followup_due", str(s.followup_date))
            moved += 1
    return moved


@transaction.atomic
def suggestion_followup_check(
    *, suggestion: Suggestion, done: bool, note: str, actor, new_date: dt.date | None = None
) -> Suggestion:
    s = _lock(suggestion)
    require(actor, "suggestions.followup", s)
    action = "followup_done" if done else "followup_again"
    if s.state != State.CLOSED or not FOLLOWUP.transition(action).starts_from(s.followup):
        raise FOLLOWUP.refuse(s)
    _stop(s, "suggestion.followup", actor, reason=note)
    fields: dict[str, Any] = {}
    if not done:
        if new_date is None or new_date <= _today():
            raise ValidationError({"new_date": _("请填写新的计划完成日期")})
        fields["followup_date"] = new_date
        _start(s, "suggestion.followup", actor, new_date, person=s.lead_person)
    workflow_apply(
        s,
        action,
        actor=actor,
        check=False,
        workflow=FOLLOWUP,
        data={"done": done, "note": note, "new_date": new_date},
        **fields,
    )
    return s
