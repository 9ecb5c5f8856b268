"""Other duties (其他履职): the deputy or staff enter one, town staff confirm or reject it — through
..workflow.DUTY. A deputy never confirms their own."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.audit import activity_record
from renda.core.permissions import require
from renda.core.workflow import workflow_apply

from ..enums import DutyKind
from ..models import OtherDuty


@transaction.atomic
def duty_enter(*, person, data: dict, actor) -> OtherDuty:
    """A duty of `person` (training, other), waiting for town staff to confirm it."""
    require(actor, "performance.enter_duty", person)
    kind = data.get("kind")
    if kind not in DutyKind.values:
        raise ValidationError({"kind": _("履职类型无效")})
    title = str(data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写履职事项")})
    date = data.get("date")
    if date is None:
        raise ValidationError({"date": _("请填写日期")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("履职日期不能晚于今天")})
    duty = OtherDuty.objects.create(
        town_id=person.town_id,
        person=person,
        kind=kind,
        date=date,
        title=title,
        note=str(data.get("note") or "").strip(),
        entered_by=actor if getattr(actor, "pk", None) else None,
    )
    activity_record(
        code="otherduty.entered", actor=actor, subject=duty, data={"kind": kind, "date": date, "title": title}
    )
    return duty


def _not_own(duty: OtherDuty, actor) -> None:
    if duty.person_id in grants_of(actor).person_ids:
        raise PermissionDenied(_("不能确认本人的履职事项"))


def duty_confirm(*, duty: OtherDuty, actor, version: int | None = None) -> OtherDuty:
    _not_own(duty, actor)
    return workflow_apply(
        duty, "confirm", actor=actor, version=version, decided_by=actor, decided_at=timezone.now()
    )


def duty_reject(*, duty: OtherDuty, reason: str, actor, version: int | None = None) -> OtherDuty:
    _not_own(duty, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予确认的理由")})
    return workflow_apply(
        duty,
        "reject",
        actor=actor,
        version=version,
        data={"reason": reason},
        decided_by=actor,
        decided_at=timezone.now(),
        reject_reason=reason,
    )
