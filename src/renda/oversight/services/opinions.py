"""Deliberation opinions (审议意见) after an activity: draft, issue to the town government as an official
document (number, date), and record the government's written response — through ..workflow.OPINION."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.permissions import require
from renda.core.workflow import workflow_apply

from ..enums import ActivityState
from ..models import Activity, Opinion
from ._common import _locked, _today

FIELDS = ("title", "addressee", "body")


def _text_check(data: dict, names) -> None:
    empty = {n: _("此项不能为空") for n in names if n in data and not str(data[n] or "").strip()}
    if empty:
        raise ValidationError(empty)


@transaction.atomic
def opinion_create(*, activity: Activity, data: dict, actor) -> Opinion:
    """A draft of the opinions of a held activity, addressed to the town government by default."""
    require(actor, "oversight.manage", activity)
    if activity.state != ActivityState.HELD:
        raise Conflict(_("活动开展后才能起草审议意见"))
    fields = {k: data.get(k) or "" for k in FIELDS}
    if not fields["addressee"]:
        fields["addressee"] = _("%(town)s人民政府") % {"town": activity.town.name}
    if not fields["title"]:
        fields["title"] = _("关于%(topic)s的审议意见") % {"topic": activity.topic}
    _text_check(fields, FIELDS)
    opinion = Opinion(town=activity.town, activity=activity, **fields)
    opinion.full_clean()
    opinion.save()
    activity_record(code="opinion.created", actor=actor, subject=opinion, data=fields)
    return opinion


@transaction.atomic
def opinion_update(*, opinion: Opinion, data: dict, actor, version: int | None = None) -> Opinion:
    require(actor, "oversight.manage", opinion)
    fields = {k: data[k] for k in FIELDS if k in data}
    _text_check(fields, FIELDS)
    return workflow_apply(opinion, "update", actor=actor, version=version, data=fields, check=False, **fields)


@transaction.atomic
def opinion_issue(
    *, opinion: Opinion, number: str, actor, issued_on: dt.date | None = None, version: int | None = None
) -> Opinion:
    """Issue the opinion (the presidium or staff): its document number and date."""
    require(actor, "oversight.decide", opinion)
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("请填写文号")})
    issued_on = issued_on or _today()
    if issued_on > _today():
        raise ValidationError({"issued_on": _("印发日期不能晚于今天")})
    locked = _locked(opinion, version)
    return workflow_apply(
        locked, "issue", actor=actor, data={"number": number}, check=False, number=number, issued_on=issued_on
    )


@transaction.atomic
def opinion_respond(
    *, opinion: Opinion, response: str, actor, responded_on: dt.date | None = None, version: int | None = None
) -> Opinion:
    """Record the government's written response (staff)."""
    require(actor, "oversight.manage", opinion)
    if not (response or "").strip():
        raise ValidationError({"response": _("请填写政府书面反馈")})
    responded_on = responded_on or _today()
    locked = _locked(opinion, version)
    if locked.issued_on and responded_on < locked.issued_on:
        raise ValidationError({"responded_on": _("反馈日期不能早于印发日期")})
    return workflow_apply(
        locked, "respond", actor=actor, check=False, response=response, responded_on=responded_on
    )
