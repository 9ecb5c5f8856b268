"""Activities of the presidium in recess (C5): create, change, invite deputies (by group or one by one),
publish the notice, the deputies' answers, record what happened, cancel, documents — through
..workflow.ACTIVITY.

The notice ahead: publishing tells every invited deputy at once when the activity is at most `notice_days`
away; otherwise the daily task `activity_notices_send` tells them on the day `notice_days` before it. An
activity's `published_at` is the moment the notice went out (None while it waits), set under the row's lock,
so the notice goes out exactly once."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from renda.core.actors import SYSTEM
from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.models import Town
from renda.core.notifications.models import NotificationKind
from renda.core.notifications.recipients import users_of_deputies
from renda.core.notifications.services import notification_send
from renda.core.permissions import require
from renda.core.uploads import DOCUMENTS, KINDS, upload_check
from renda.core.workflow import workflow_apply

from ..enums import ActivityState, DocumentKind, InvitationReply, PlanState
from ..models import Activity, ActivityDocument, Invitation
from ._common import _at, _locked, _same_town, _today

FIELDS = (
    "kind",
    "topic",
    "plan_item",
    "start_date",
    "end_date",
    "place",
    "organiser",
    "office",
    "deputy_group",
    "notice_days",
)
OPEN = (ActivityState.DRAFT, ActivityState.PUBLISHED)


def notice_day(activity: Activity) -> dt.date:
    """The day the invited deputies are told: `notice_days` before the start."""
    return activity.start_date - dt.timedelta(days=activity.notice_days)


def _check(town: Town, fields: dict) -> None:
    _same_town(town, [fields.get("plan_item"), fields.get("office"), fields.get("deputy_group")])
    item = fields.get("plan_item")
    if item is not None and (item.withdrawn or item.plan.state != PlanState.APPROVED):
        raise ValidationError({"plan_item": _("只能对应主席团已通过的计划中的有效事项")})
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期")})


@transaction.atomic
def activity_create(*, town: Town, data: dict, actor) -> Activity:
    """A new activity (a draft): type, topic, dates, place, organiser, the office reporting or inspected."""
    require(actor, "oversight.manage", town)
    fields = {k: data[k] for k in FIELDS if k in data}
    if fields.get("notice_days") is None:
        fields["notice_days"] = settings.RENDA["ACTIVITY_NOTICE_DAYS"]
    if fields.get("end_date") is None and fields.get("start_date") is not None:
        fields["end_date"] = fields["start_date"]
    _check(town, fields)
    activity = Activity(town=town, **fields)
    activity.full_clean()
    activity.save()
    activity_record(code="activity.created", actor=actor, subject=activity, data=fields)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: dict, actor, version: int | None = None) -> Activity:
    """Change a draft or published activity; deputies already told of a published one are told again."""
    require(actor, "oversight.manage", activity)
    locked = _locked(activity, version)
    fields = {k: data[k] for k in FIELDS if k in data}
    empty = [n for n, v in fields.items() if v is None and not Activity._meta.get_field(n).null]
    if empty:
        raise ValidationError({n: _("此项不能为空") for n in empty})
    merged = {k: getattr(locked, k) for k in FIELDS} | fields
    _check(locked.town, merged)
    probe = Activity(town=locked.town, **merged)
    probe.full_clean(exclude=["town"])
    told = locked.state == ActivityState.PUBLISHED and locked.published_at is not None
    row = workflow_apply(
        locked,
        "update",
        actor=actor,
        data=fields,
        notify=(lambda: _notify(row.pk)) if told else None,
        check=False,
        **fields,
    )
    return row


@transaction.atomic
def activity_invite(
    *, activity: Activity, actor, persons: list | None = None, group=None
) -> list[Invitation]:
    """Invite deputies (any level, of the town's roll) one by one and/or all members of a deputy group; those
    already invited are skipped. When the notice has gone out, the newly invited are told at once."""
    require(actor, "oversight.manage", activity)
    locked = _locked(activity)
    if locked.state not in OPEN:
        raise Conflict(_("已开展或已取消的活动不能再邀请代表"))
    wanted = list(persons or [])
    if group is not None:
        _same_town(locked.town, [group])
        wanted += list(group.members.all())
    if not wanted:
        raise ValidationError({"persons": _("请选择要邀请的代表或代表小组")})
    _same_town(locked.town, wanted)
    have = set(Invitation.objects.filter(activity=locked).values_list("person_id", flat=True))
    new = [p for p in dict.fromkeys(wanted) if p.pk not in have]
    created = Invitation.objects.bulk_create(
        [Invitation(town=locked.town, activity=locked, person=p) for p in new]
    )
    if created:
        activity_record(
            code="activity.updated",
            actor=actor,
            subject=locked,
            data={"invited": [str(i.person) for i in created], "group": str(group) if group else None},
        )
        if locked.published_at is not None:
            ids = [i.person_id for i in created]
            transaction.on_commit(lambda: _notify(locked.pk, person_ids=ids))
    return created


@transaction.atomic
def activity_uninvite(*, invitation: Invitation, actor) -> None:
    """Take an invitation back before the activity is held."""
    require(actor, "oversight.manage", invitation)
    activity = _locked(invitation.activity)
    if activity.state not in OPEN:
        raise Conflict(_("已开展或已取消的活动不能再修改邀请"))
    activity_record(
        code="activity.updated", actor=actor, subject=activity, data={"uninvited": str(invitation.person)}
    )
    invitation.delete()


def _notify(activity_id: int, person_ids: list[int] | None = None) -> None:
    """The invited deputies (or the ones named) get the notice in their inbox (and by their e-mail/SMS
    preference). Runs after commit or in the daily task: it enters the activity's town scope itself."""
    activity = Activity._base_manager.select_related("town").get(pk=activity_id)
    with scope(town=[activity.town_id]):
        ids = person_ids
        if ids is None:
            ids = list(Invitation.objects.filter(activity=activity).values_list("person_id", flat=True))
        for user in users_of_deputies(ids):
            notification_send(
                user=user,
                town=activity.town,
                kind=NotificationKind.ACTIVITY,
                template="activity_notice",
                params={
                    "clock_kind": "activity.notice",
                    # No words of ours in the parameters: the title and body are rendered in the reader's language.
                    "item": f"{activity.topic}（{activity.place}）",
                    "due": activity.start_date.isoformat(),
                },
                link=activity.get_absolute_url(),
            )


def _send_notice(activity: Activity, *, at: dt.datetime, tell: bool = True) -> None:
    """Mark the notice sent (under the caller's lock) and, unless `tell` is off, tell the deputies after commit."""
    Activity._base_manager.filter(pk=activity.pk).update(published_at=at)
    activity.published_at = at
    pk = activity.pk
    if tell:
        transaction.on_commit(lambda: _notify(pk))


@transaction.atomic
def activity_publish(
    *, activity: Activity, actor, version: int | None = None, on: dt.date | None = None
) -> Activity:
    """Send the activity's notice: at once when the activity is at most `notice_days` away, else on the day
    `notice_days` before it (the daily task). `on` records a publication made on an earlier day (demo data,
    catching up the records): the notice counts as sent that day, and the deputies are told now only if the
    activity has not begun."""
    require(actor, "oversight.manage", activity)
    locked = _locked(activity, version)
    today = _today()
    on = min(on or today, today)
    if locked.state == ActivityState.DRAFT and locked.start_date < on:
        raise ValidationError(_("活动日期已过，不能发出通知"))
    if locked.state == ActivityState.DRAFT and not Invitation.objects.filter(activity=locked).exists():
        raise ValidationError(_("请先邀请参加活动的代表"))
    data = {"notice_day": notice_day(locked)} | ({"on": on} if on != today else {})
    row = workflow_apply(locked, "publish", actor=actor, data=data, check=False)
    if notice_day(row) <= on:
        _send_notice(row, at=_at(on), tell=row.start_date >= today)
    return row


def activity_notices_send(*, today: dt.date | None = None) -> int:
    """The daily task: every published activity whose notice day has come and whose notice has not gone
    out. Safe to run twice or late (a missed day catches up): each notice goes out once, under the row lock."""
    today = today or _today()
    sent = 0
    waiting = Activity._base_manager.filter(
        state=ActivityState.PUBLISHED, published_at__isnull=True, start_date__gte=today
    ).values_list("pk", "start_date", "notice_days")
    for pk, start, days in list(waiting):
        if start - dt.timedelta(days=days) > today:
            continue
        with transaction.atomic():
            row = Activity._base_manager.select_for_update().get(pk=pk)
            if row.published_at is not None or row.state != ActivityState.PUBLISHED:
                continue
            _send_notice(row, at=timezone.now())
            activity_record(
                code="activity.notice_sent", actor=SYSTEM, subject=row, town=row.town, data={"on": today}
            )
            sent += 1
    return sent


@transaction.atomic
def invitation_reply(
    *, invitation: Invitation, reply: str, actor, note: str = "", on: dt.date | None = None
) -> Invitation:
    """The invited deputy answers attend or excused (staff may record it for them), until it is held. `on`
    records an answer given on an earlier day."""
    require(actor, "oversight.reply_invitation", invitation)
    if reply not in (InvitationReply.ATTEND, InvitationReply.EXCUSED):
        raise ValidationError({"reply": _("请选择参加或请假")})
    activity = _locked(invitation.activity)
    if activity.state != ActivityState.PUBLISHED:
        raise Conflict(_("活动当前状态为“%(state)s”，不能答复") % {"state": activity.get_state_display()})
    if reply == InvitationReply.EXCUSED and not note.strip():
        raise ValidationError({"note": _("请假请说明原因")})
    row = Invitation.objects.select_for_update().get(pk=invitation.pk)
    row.reply, row.reply_note, row.replied_at = reply, note.strip()[:200], _at(on)
    row.save(update_fields=["reply", "reply_note", "replied_at"])
    activity_record(
        code="invitation.replied",
        actor=actor,
        subject=activity,
        data={"person": str(row.person), "reply": reply, "note": row.reply_note},
    )
    return row


@transaction.atomic
def activity_hold(
    *,
    activity: Activity,
    actor,
    attended: list,
    summary: str,
    findings: str = "",
    opinions: dict[int, str] | None = None,
    version: int | None = None,
) -> Activity:
    """Record what happened (staff): who of the invited came, the voters' opinions each deputy brought
    ({person id: text}), the summary and the findings."""
    require(actor, "oversight.manage", activity)
    locked = _locked(activity, version)
    if locked.start_date > _today():
        raise ValidationError(_("活动尚未开展，不能登记活动情况"))
    if not summary.strip():
        raise ValidationError({"summary": _("请填写活动情况")})
    invitations = {i.person_id: i for i in Invitation.objects.filter(activity=locked).select_for_update()}
    came = {p.pk for p in attended}
    opinions = opinions or {}
    if came - set(invitations) or set(opinions) - set(invitations):
        raise ValidationError({"attended": _("出席代表须是本次活动邀请的代表")})
    row = workflow_apply(
        locked,
        "record",
        actor=actor,
        data={"attended": sorted(came)},
        check=False,
        summary=summary,
        findings=findings,
    )
    for person_id, inv in invitations.items():
        inv.attended = person_id in came
        if person_id in opinions:
            inv.opinions = opinions[person_id]
    Invitation.objects.bulk_update(list(invitations.values()), ["attended", "opinions"])
    return row


@transaction.atomic
def activity_cancel(*, activity: Activity, reason: str, actor, version: int | None = None) -> Activity:
    require(actor, "oversight.manage", activity)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写取消原因")})
    return workflow_apply(
        activity, "cancel", actor=actor, version=version, data={"reason": reason}, check=False
    )


# --- documents: sniffed by their first bytes, never trusted by name ------------------------------------

DOCUMENT_KINDS = DOCUMENTS


@transaction.atomic
def activity_document_add(
    *, activity: Activity, upload, actor, kind: str = DocumentKind.REPORT
) -> ActivityDocument:
    """A photo or report of the activity: size, count and the real type against the extension (core.uploads)."""
    require(actor, "oversight.manage", activity)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("材料类型无效")})
    limit = settings.RENDA["ACTIVITY_DOCUMENT_MAX_BYTES"]
    real = upload_check(
        upload,
        kinds=DOCUMENT_KINDS,
        max_bytes=limit,
        message=_("只接受图片（JPG、PNG）、PDF 和 Word 文件，且扩展名须与文件内容一致"),
    )
    locked = _locked(activity)
    if locked.state == ActivityState.CANCELLED:
        raise Conflict(_("已取消的活动不能上传材料"))
    if (
        ActivityDocument.objects.filter(activity=locked).count()
        >= settings.RENDA["ACTIVITY_DOCUMENT_MAX_FILES"]
    ):
        raise ValidationError({"file": _("材料数量已达上限")})
    name = (getattr(upload, "name", "") or f"document.{real}").rsplit("/", 1)[-1][:200]
    doc = ActivityDocument(
        town=locked.town,
        activity=locked,
        kind=kind,
        name=name,
        mime=KINDS[real].mime,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    doc.file.save(name, upload, save=False)
    doc.save()
    activity_record(
        code="activity.document_added", actor=actor, subject=locked, data={"name": name, "kind": kind}
    )
    return doc
