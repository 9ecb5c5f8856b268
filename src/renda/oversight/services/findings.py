"""A held activity's findings passed on (DOMAIN C5, "findings of any activity can become suggestions (source = the
activity) or appeals routed as usual"): a deputy suggestion led by a deputy who attended, its source the activity
(through suggestions' own service: submitted, its assignment clock started), or a voter's appeal recorded by the
town staff through the receptions service (source 闭会期间活动, its one-month reply clock started, then assigned as
any appeal). Each writes an ActivityLog row on the activity; the new record links back to it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.permissions import require
from renda.registry.models import Person

from ..enums import ActivityState
from ..models import Activity
from ..queries_activities import attendees_of


def _held(activity: Activity, actor) -> None:
    require(actor, "oversight.manage", activity)
    if activity.state != ActivityState.HELD:
        raise Conflict(_("活动开展后才能转交发现的问题"))


@transaction.atomic
def activity_finding_to_suggestion(
    *, activity: Activity, lead: Person | None, title: str, content: str, actor
):
    """A suggestion from the activity's findings, led by `lead` (an attending deputy), source the activity."""
    from renda.suggestions.models import Channel
    from renda.suggestions.services import suggestion_create_from

    _held(activity, actor)
    if lead is None or lead.pk not in {p.pk for p in attendees_of(activity)}:
        raise ValidationError({"lead": _("领衔代表须是出席本次活动的代表")})
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("请填写建议内容")})
    suggestion = suggestion_create_from(
        source=activity,
        town=activity.town,
        title=(title or "").strip() or _("关于%(topic)s中发现问题的建议") % {"topic": activity.topic},
        content=content,
        signers=[lead],
        channel=Channel.ACTIVITY,
        actor=actor,
    )
    activity_record(
        code="activity.finding_suggestion",
        actor=actor,
        subject=activity,
        data={"suggestion": str(suggestion), "lead": str(lead)},
    )
    return suggestion


@transaction.atomic
def activity_finding_to_appeal(*, activity: Activity, data: dict, actor):
    """A voter's appeal from the activity's findings (the voter's name and phone: the reply goes to them),
    recorded and routed as the receptions app records any appeal."""
    from renda.receptions.services import appeal_submit

    _held(activity, actor)
    fields = {k: data.get(k) for k in ("category", "content", "citizen_name", "citizen_phone", "village")}
    appeal = appeal_submit(town=activity.town, data=fields, actor=actor, origin=activity)
    activity_record(
        code="activity.finding_appeal", actor=actor, subject=activity, data={"appeal": str(appeal)}
    )
    return appeal
