"""Congress writes (C2). Views and the API call these; each writes its audit row.

Workflow states (one table, `TRANSITIONS`; only `_transition` changes `.state`):
- Session: planned → open (quorum checked against the registry on the opening day) → closed.
- Motion: draft (collecting co-signers) → lodged (numbered) → on_agenda → voted; lodged → not_on_agenda
  (handled as a suggestion); draft/lodged/on_agenda → withdrawn (after lodging only with the presidium's consent).
- Vote: open → closed (result computed and stored); after the session closes only `vote_correct` changes counts.
- LeaveRequest: requested → approved | refused (by the presidium or staff acting for it).
- AbsenceFlag: open → resolved (the presidium decides; the mandate is never ended here).

The absence rule: an unapproved absence counts once per session (a deputy absent without approved leave on any
day of a session has one absence for that session); the distinct sessions of the same term are counted. At
ABSENCE_WARN_AT the deputy and the town staff are warned; at ABSENCE_FLAG_AT an open mandate-review flag goes to
the presidium and the town staff (Deputies Law Art. 62). Correcting a roll call later does not withdraw a flag:
the presidium resolves it with a recorded reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.access import grants_of, user_is_staff_for
from renda.core.audit import CODE_LABELS, activity_record
from renda.core.enums import Role
from renda.core.errors import Conflict
from renda.core.models import Town, User
from renda.core.uploads import DOCUMENTS, UploadRefused, upload_check
from renda.registry.models import DeputyGroup, Mandate, Person, Term

from . import queries
from .enums import (
    FlagKind,
    FlagState,
    LeaveState,
    MotionKind,
    MotionSource,
    MotionState,
    Presence,
    SessionKind,
    SessionState,
    SpecialRequester,
    VoteState,
)
from .models import (
    AbsenceFlag,
    AgendaItem,
    Attendance,
    BudgetAdjustment,
    DeliberationOpinion,
    LeaveRequest,
    Motion,
    MotionSigner,
    Session,
    SessionDocument,
    Vote,
    VoteCorrection,
)

CODE_LABELS.update(
    {
        "session.created": gettext_lazy("新建会议"),
        "session.opened": gettext_lazy("宣布开会"),
        "session.closed": gettext_lazy("闭幕"),
        "session.agenda_item_added": gettext_lazy("增加议程"),
        "session.agenda_item_updated": gettext_lazy("修改议程"),
        "session.document_added": gettext_lazy("上传会议文件"),
        "session.roll_call": gettext_lazy("登记签到"),
        "session.opinion_added": gettext_lazy("登记审议意见"),
        "leave.requested": gettext_lazy("申请请假"),
        "leave.approved": gettext_lazy("批准请假"),
        "leave.refused": gettext_lazy("不批准请假"),
        "absence.warned": gettext_lazy("缺席提醒"),
        "absence.flagged": gettext_lazy("提请资格审查"),
        "absence.resolved": gettext_lazy("处理资格审查"),
        "motion.created": gettext_lazy("起草议案"),
        "motion.cosigned": gettext_lazy("附议"),
        "motion.lodged": gettext_lazy("提出议案"),
        "motion.on_agenda": gettext_lazy("列入会议议程"),
        "motion.not_on_agenda": gettext_lazy("不列入议程，转为代表建议"),
        "motion.voted": gettext_lazy("已表决"),
        "motion.withdrawn": gettext_lazy("撤回"),
        "motion.suggestion_created": gettext_lazy("转为代表建议"),
        "vote.created": gettext_lazy("新建表决事项"),
        "vote.recorded": gettext_lazy("登记表决票数"),
        "vote.closed": gettext_lazy("计票"),
        "vote.corrected": gettext_lazy("更正表决结果"),
        "budget_adjustment.recorded": gettext_lazy("登记预算调整"),
    }
)

TRANSITIONS: dict[type[models.Model], dict[str, set[str]]] = {
    Session: {SessionState.PLANNED: {SessionState.OPEN}, SessionState.OPEN: {SessionState.CLOSED}},
    Motion: {
        MotionState.DRAFT: {MotionState.LODGED, MotionState.WITHDRAWN},
        MotionState.LODGED: {MotionState.ON_AGENDA, MotionState.NOT_ON_AGENDA, MotionState.WITHDRAWN},
        MotionState.ON_AGENDA: {MotionState.VOTED, MotionState.WITHDRAWN},
    },
    Vote: {VoteState.OPEN: {VoteState.CLOSED}},
    LeaveRequest: {LeaveState.REQUESTED: {LeaveState.APPROVED, LeaveState.REFUSED}},
    AbsenceFlag: {FlagState.OPEN: {FlagState.RESOLVED}},
}


def _transition(obj, to: str, *, actor, code: str, data: dict | None = None, **fields: Any):
    """The one place a state changes: lock the row, check the table and the version, save, audit."""
    model = type(obj)
    locked = model._base_manager.select_for_update().get(pk=obj.pk)
    if locked.state != obj.state or locked.version != obj.version:
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))
    if to not in TRANSITIONS[model].get(obj.state, set()):
        raise Conflict(_("当前状态（%(s)s）不能进行此操作") % {"s": obj.get_state_display()})
    before = obj.state
    obj.state = to
    obj.version += 1
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    activity_record(code=code, actor=actor, subject=obj, data={"state": [before, to]} | (data or {}))
    return obj


# --- who may do what ----------------------------------------------------------------------------


def acts_for_presidium(user, town_id: int) -> bool:
    """The presidium, or the town's staff acting for it (the actor is recorded). None is the system."""
    if user is None:
        return True
    g = grants_of(user)
    return g.has(Role.PRESIDIUM, town_id) or g.has(Role.TOWN_STAFF, town_id) or bool(user.is_superuser)


def can_manage(user, town_id: int) -> bool:
    """Town staff and district staff run the session's records (roll call, agenda, votes)."""
    return user is None or user_is_staff_for(user, town_id) or grants_of(user).has(Role.PRESIDIUM, town_id)


def _require_manage(actor, town_id: int) -> None:
    if not can_manage(actor, town_id):
        raise PermissionDenied(_("只有镇人大工作人员可以进行此操作"))


def _require_presidium(actor, town_id: int) -> None:
    if not acts_for_presidium(actor, town_id):
        raise PermissionDenied(_("只有主席团（或受其委托的镇人大工作人员）可以进行此操作"))


def _share_reached(count: int, total: int, share: tuple[int, int]) -> bool:
    """count/total >= num/den without floats."""
    num, den = share
    return count * den >= total * num


def _more_than(count: int, total: int, share: tuple[int, int]) -> bool:
    """count/total > num/den without floats."""
    num, den = share
    return count * den > total * num


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _same_town(town: Town, *objs) -> None:
    for o in objs:
        if o is not None and getattr(o, "town_id", town.pk) != town.pk:
            raise ValidationError(_("只能选择本镇的记录"))


def _is_serving(person: Person, term: Term, on: dt.date) -> bool:
    return queries.serving_mandates(term=term, on=on).filter(person=person).exists()


# --- sessions -------------------------------------------------------------------------------------


@transaction.atomic
def session_create(*, town: Town, data: dict[str, Any], actor) -> Session:
    """A new session of the town's congress. Special sessions record who asked for them (checked)."""
    if not town.has_congress:
        raise ValidationError(_("街道和开发区不设人民代表大会，不能召开人代会"))
    _require_manage(actor, town.pk)
    data = dict(data)
    if data.get("term") is None:
        from renda.registry.queries import current_term

        data["term"] = current_term(town, on=data["start_date"])
        if data["term"] is None:
            raise ValidationError(_("该镇尚未建立届次"))
    term: Term = data["term"]
    requesters = list(data.pop("requesters", []) or [])
    _same_town(town, term, *requesters)
    if data["end_date"] < data["start_date"]:
        raise ValidationError({"end_date": _("闭幕日期不能早于开幕日期")})
    if not (term.start_date <= data["start_date"] <= term.end_date):
        raise ValidationError({"start_date": _("会议日期不在该届任期内")})
    if data.get("motion_deadline") and data["motion_deadline"] > data["end_date"]:
        raise ValidationError({"motion_deadline": _("议案截止日期不能晚于闭幕日期")})
    if not data.get("number"):
        last = Session.objects.filter(term=term).aggregate(n=Max("number"))["n"] or 0
        data["number"] = last + 1
    elif Session.objects.filter(term=term, number=data["number"]).exists():
        raise ValidationError({"number": _("本届已有第 %(n)s 次会议") % {"n": data["number"]}})
    if data["kind"] == SessionKind.SPECIAL:
        who = data.get("requested_by")
        if who not in SpecialRequester.values:
            raise ValidationError({"requested_by": _("临时会议须注明由主席团或代表提议")})
        if who == SpecialRequester.DEPUTIES:
            on = data.get("requested_on") or data["start_date"]
            serving_ids = set(queries.serving_mandates(term=term, on=on).values_list("person_id", flat=True))
            valid = [p for p in requesters if p.pk in serving_ids]
            total = len(serving_ids)
            share = settings.RENDA["SPECIAL_SESSION_REQUEST_SHARE"]
            if not total or not _share_reached(len(valid), total, share):
                raise ValidationError(
                    {
                        "requesters": _("提议代表 %(n)s 名，不足全体代表 %(t)s 名的 %(a)s/%(b)s")
                        % {"n": len(valid), "t": total, "a": share[0], "b": share[1]}
                    }
                )
        else:
            requesters = []
    else:
        data["requested_by"] = ""
        requesters = []
    data.pop("requested_on", None)
    session = Session(town=town, **data)
    session.full_clean()
    session.save()
    session.requesters.set(requesters)
    activity_record(
        code="session.created",
        actor=actor,
        subject=session,
        data={k: v for k, v in data.items() if k != "term"} | {"requesters": [p.name for p in requesters]},
    )
    return session


@transaction.atomic
def agenda_item_add(*, session: Session, kind: str, title: str, actor) -> AgendaItem:
    _require_manage(actor, session.town_id)
    if session.state == SessionState.CLOSED:
        raise Conflict(_("会议已闭幕，不能再修改议程"))
    order = (AgendaItem.objects.filter(session=session).aggregate(n=Max("order"))["n"] or 0) + 1
    item = AgendaItem(town=session.town, session=session, order=order, kind=kind, title=title)
    item.full_clean()
    item.save()
    activity_record(code="session.agenda_item_added", actor=actor, subject=session, data={"item": str(item)})
    return item


SESSION_EDIT_FIELDS = ("start_date", "end_date", "venue", "motion_deadline")


@transaction.atomic
def session_update(*, session: Session, data: dict[str, Any], actor, version: int | None = None) -> Session:
    """Change a session's dates (before it opens), venue or motion deadline; the same checks as creating it."""
    _require_manage(actor, session.town_id)
    locked = Session.objects.select_for_update().select_related("term").get(pk=session.pk)
    if version is not None and locked.version != version:
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))
    if locked.state == SessionState.CLOSED:
        raise Conflict(_("会议已闭幕，不能再修改"))
    unknown = set(data) - set(SESSION_EDIT_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改该字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    if locked.state != SessionState.PLANNED and {"start_date", "end_date"} & {
        k for k, v in data.items() if v != getattr(locked, k)
    }:
        raise Conflict(_("会议已开幕，不能再修改会期"))
    before = {k: getattr(locked, k) for k in data}
    for name, value in data.items():
        setattr(locked, name, value)
    term = locked.term
    if locked.end_date < locked.start_date:
        raise ValidationError({"end_date": _("闭幕日期不能早于开幕日期")})
    if not (term.start_date <= locked.start_date <= term.end_date):
        raise ValidationError({"start_date": _("会议日期不在该届任期内")})
    if locked.motion_deadline and locked.motion_deadline > locked.end_date:
        raise ValidationError({"motion_deadline": _("议案截止日期不能晚于闭幕日期")})
    locked.full_clean()
    locked.version += 1
    locked.save()
    diff = {k: [before[k], getattr(locked, k)] for k in before if before[k] != getattr(locked, k)}
    activity_record(code="session.updated", actor=actor, subject=locked, data=diff)
    return locked


def agenda_item_version(item: AgendaItem) -> int:
    """Agenda items have no version column: the version an edit names is a fingerprint of its fields."""
    from renda.core.api_parts import fingerprint

    return fingerprint(item.order, item.kind, item.title)


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, data: dict[str, Any], actor, version: int | None = None
) -> AgendaItem:
    """Rename an agenda item, change its kind or move it (`order`; the others keep their sequence)."""
    _require_manage(actor, item.town_id)
    locked = AgendaItem.objects.select_for_update().select_related("session").get(pk=item.pk)
    if version is not None and agenda_item_version(locked) != version:
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))
    if locked.session.state == SessionState.CLOSED:
        raise Conflict(_("会议已闭幕，不能再修改议程"))
    unknown = set(data) - {"kind", "title", "order"}
    if unknown:
        raise ValidationError(_("不能修改该字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    before = {k: getattr(locked, k) for k in data}
    order = data.pop("order", None)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    if order is not None and order != locked.order:
        items = list(
            AgendaItem.objects.filter(session=locked.session).exclude(pk=locked.pk).order_by("order", "id")
        )
        position = max(1, min(order, len(items) + 1))
        items.insert(position - 1, locked)
        for n, it in enumerate(items, start=1):
            if it.order != n:
                it.order = n
                it.save(update_fields=["order", "updated_at"])
    diff = {k: [before[k], getattr(locked, k)] for k in before if before[k] != getattr(locked, k)}
    activity_record(
        code="session.agenda_item_updated",
        actor=actor,
        subject=locked.session,
        data={"item": str(locked), "changes": diff},
    )
    return locked


@transaction.atomic
def session_document_add(*, session: Session, title: str, file, actor, item: AgendaItem | None = None):
    _require_manage(actor, session.town_id)
    if item is not None and item.session_id != session.pk:
        raise ValidationError({"item": _("议程不属于本次会议")})
    try:  # an upload (not a stored file's name): size, real type against the extension, zip directory
        if hasattr(file, "read"):
            upload_check(
                file, kinds=(*DOCUMENTS, "xlsx"), max_bytes=settings.RENDA["SESSION_DOCUMENT_MAX_BYTES"]
            )
    except UploadRefused as exc:
        raise ValidationError({"file": exc.messages}) from None
    doc = SessionDocument(
        town=session.town, session=session, item=item, title=title, file=file, uploaded_by=actor
    )
    doc.save()
    activity_record(code="session.document_added", actor=actor, subject=session, data={"title": title})
    return doc


@transaction.atomic
def deliberation_opinion_add(*, item: AgendaItem, group: DeputyGroup, content: str, actor):
    _require_manage(actor, item.town_id)
    _same_town(item.town, group)
    if not content.strip():
        raise ValidationError({"content": _("请填写审议意见")})
    op = DeliberationOpinion.objects.create(
        town=item.town, item=item, group=group, content=content.strip(), recorded_by=actor
    )
    activity_record(
        code="session.opinion_added",
        actor=actor,
        subject=item.session,
        data={"item": item.title, "group": group},
    )
    return op


# --- leave and roll call ----------------------------------------------------------------------------


def _session_days(session: Session) -> list[dt.date]:
    return [session.start_date + dt.timedelta(days=i) for i in range(session.days)]


@transaction.atomic
def leave_request_create(
    *, session: Session, person: Person, first_day: dt.date, last_day: dt.date, reason: str, actor
) -> LeaveRequest:
    """A deputy asks for leave (or staff enter it for them)."""
    _same_town(session.town, person)
    mine = actor is None or person.pk in grants_of(actor).person_ids
    if not (mine or can_manage(actor, session.town_id)):
        raise PermissionDenied(_("只能为本人请假"))
    if session.state == SessionState.CLOSED:
        raise Conflict(_("会议已闭幕"))
    if first_day > last_day or first_day < session.start_date or last_day > session.end_date:
        raise ValidationError({"first_day": _("请假日期应在会期之内")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写请假事由")})
    leave = LeaveRequest.objects.create(
        town=session.town,
        session=session,
        person=person,
        first_day=first_day,
        last_day=last_day,
        reason=reason,
    )
    activity_record(code="leave.requested", actor=actor, subject=leave, data={"reason": reason})
    return leave


@transaction.atomic
def leave_request_decide(
    *, leave: LeaveRequest, approve: bool, actor, at=None, version: int | None = None
) -> LeaveRequest:
    """The presidium (or staff acting for it — recorded as the actor) approves or refuses."""
    _require_presidium(actor, leave.town_id)
    if version is not None and leave.version != version:
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))
    to = LeaveState.APPROVED if approve else LeaveState.REFUSED
    code = "leave.approved" if approve else "leave.refused"
    return _transition(leave, to, actor=actor, code=code, decided_by=actor, decided_at=_now(at))


def _approved_leave(session: Session, person_id: int, day: dt.date) -> LeaveRequest | None:
    return (
        LeaveRequest.objects.filter(
            session=session,
            person_id=person_id,
            state=LeaveState.APPROVED,
            first_day__lte=day,
            last_day__gte=day,
        )
        .order_by("id")
        .first()
    )


@transaction.atomic
def roll_call_record(*, session: Session, day: dt.date, presence: dict[int, str], actor) -> list[AbsenceFlag]:
    """Record the day's roll call: {person id: present/leave/absent} for deputies serving that day.
    "Leave" needs an approved leave request covering the day. Returns the absence flags this raised."""
    _require_manage(actor, session.town_id)
    if session.state == SessionState.CLOSED:
        raise Conflict(_("会议已闭幕，签到不能再修改"))
    if day not in _session_days(session):
        raise ValidationError({"day": _("该日期不在会期之内")})
    serving = {p.pk: p for p in queries.serving_persons(term=session.term, on=day)}
    unknown = set(presence) - set(serving)
    if unknown:
        raise ValidationError(_("名单中有当日不在任的代表"))
    existing = {a.person_id: a for a in Attendance.objects.filter(session=session, day=day)}
    absent: list[Person] = []
    changed = {}
    for pid, value in presence.items():
        if value not in Presence.values:
            raise ValidationError(_("无效的出席情况"))
        leave = None
        if value == Presence.LEAVE:
            leave = _approved_leave(session, pid, day)
            if leave is None:
                raise ValidationError(
                    _("%(p)s 没有经主席团批准的请假，不能登记为请假") % {"p": serving[pid].name}
                )
        row = existing.get(pid)
        if row is None:
            Attendance.objects.create(
                town=session.town, session=session, day=day, person_id=pid, presence=value, leave=leave,
                recorded_by=actor,
            )  # fmt: skip
            changed[serving[pid].name] = value
        elif row.presence != value or row.leave_id != getattr(leave, "pk", None):
            changed[serving[pid].name] = [row.presence, value]
            row.presence, row.leave, row.recorded_by = value, leave, actor
            row.save(update_fields=["presence", "leave", "recorded_by", "updated_at"])
        if value == Presence.ABSENT:
            absent.append(serving[pid])
    if changed:
        activity_record(
            code="session.roll_call", actor=actor, subject=session, data={"day": day, "changes": changed}
        )
    flags = []
    for person in absent:
        flag = absence_rule_apply(person=person, term=session.term, actor=actor)
        if flag is not None:
            flags.append(flag)
    return flags


def absence_count(*, person: Person, term: Term) -> int:
    """Distinct sessions of the term in which the deputy was absent without approved leave on any day."""
    return (
        Attendance.objects.filter(person=person, session__term=term, presence=Presence.ABSENT)
        .values("session_id")
        .distinct()
        .count()
    )


def _users_with(role: str, *, town: Town | None = None, person: Person | None = None) -> list[User]:
    qs = User.objects.filter(grants__role=role, is_active=True)
    if town is not None:
        qs = qs.filter(grants__town=town)
    if person is not None:
        qs = qs.filter(grants__person=person)
    return list(qs.distinct().order_by("id"))


@transaction.atomic
def absence_rule_apply(*, person: Person, term: Term, actor) -> AbsenceFlag | None:
    """Warn after the first unapproved absence, flag the second for the presidium (never applied silently)."""
    from renda.core.notifications.services import notification_send

    cfg = settings.RENDA
    n = absence_count(person=person, term=term)
    if n >= cfg["ABSENCE_FLAG_AT"]:
        kind, code, template = FlagKind.REVIEW, "absence.flagged", "congress.mandate_review"
    elif n >= cfg["ABSENCE_WARN_AT"]:
        kind, code, template = FlagKind.WARNING, "absence.warned", "congress.absence_warning"
    else:
        return None
    if AbsenceFlag.objects.filter(term=term, person=person, kind=kind).exists():
        return None
    town = term.town
    mandate = Mandate.objects.filter(person=person, term=term).order_by("-start_date").first()
    flag = AbsenceFlag.objects.create(town=town, term=term, person=person, mandate=mandate, kind=kind)
    sessions = Session.objects.filter(
        term=term, attendance__person=person, attendance__presence=Presence.ABSENT
    )
    flag.sessions.set(sessions.distinct())
    activity_record(code=code, actor=actor, subject=flag, data={"absences": n, "person": person.name})
    if kind == FlagKind.WARNING:
        recipients = _users_with(Role.DEPUTY, person=person) + _users_with(Role.TOWN_STAFF, town=town)
    else:
        recipients = _users_with(Role.PRESIDIUM, town=town) + _users_with(Role.TOWN_STAFF, town=town)
    link = reverse("congress:flag-detail", kwargs={"pk": flag.pk})
    seen = set()
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notification_send(
            user=user,
            town=town,
            kind="other",
            template=template,
            params={"item": person.name, "days": n},
            link=link,
            statutory=kind == FlagKind.REVIEW,
        )
    return flag


@transaction.atomic
def absence_flag_resolve(*, flag: AbsenceFlag, resolution: str, actor, at=None) -> AbsenceFlag:
    """The presidium records what it decided (e.g. the standing committee was asked to confirm the end of the
    mandate, or the absence was excused). The registry mandate is changed there, never here."""
    _require_presidium(actor, flag.town_id)
    if not resolution.strip():
        raise ValidationError({"resolution": _("请填写处理结果")})
    return _transition(
        flag, FlagState.RESOLVED, actor=actor, code="absence.resolved", data={"resolution": resolution},
        resolution=resolution.strip(), resolved_by=actor, resolved_at=_now(at),
    )  # fmt: skip


# --- opening and closing ----------------------------------------------------------------------------


@transaction.atomic
def session_open(*, session: Session, day: dt.date, actor) -> Session:
    """Declare the session open: two thirds or more of the deputies serving that day must be present."""
    _require_manage(actor, session.town_id)
    if day not in _session_days(session):
        raise ValidationError({"day": _("该日期不在会期之内")})
    serving = queries.serving_count(term=session.term, on=day)
    present = Attendance.objects.filter(session=session, day=day, presence=Presence.PRESENT).count()
    quorum = settings.RENDA["SESSION_QUORUM"]
    if not serving or not _share_reached(present, serving, quorum):
        raise ValidationError(
            _("出席代表 %(p)s 名，未达到全体代表 %(s)s 名的 %(a)s/%(b)s，不能开会")
            % {"p": present, "s": serving, "a": quorum[0], "b": quorum[1]}
        )
    return _transition(
        session, SessionState.OPEN, actor=actor, code="session.opened",
        data={"day": day, "present": present, "serving": serving},
        opened_on=day, quorum_present=present, quorum_serving=serving,
    )  # fmt: skip


@transaction.atomic
def session_close(*, session: Session, actor, at=None) -> Session:
    _require_manage(actor, session.town_id)
    if Vote.objects.filter(session=session, state=VoteState.OPEN).exists():
        raise ValidationError(_("尚有未计票的表决事项"))
    return _transition(session, SessionState.CLOSED, actor=actor, code="session.closed", closed_at=_now(at))


# --- motions -------------------------------------------------------------------------------------


def _min_signers(motion: Motion) -> int:
    key = "INTERPELLATION_MIN_SIGNERS" if motion.kind == MotionKind.INTERPELLATION else "MOTION_MIN_SIGNERS"
    return settings.RENDA[key]


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
    at = _now(at)
    if session.state == SessionState.CLOSED:
        raise Conflict(_("会议已闭幕"))
    _check_deadline(session, at)
    if kind == MotionKind.INTERPELLATION and source != MotionSource.DEPUTIES:
        raise ValidationError({"source": _("质询案由代表联名提出")})
    if source == MotionSource.DEPUTIES:
        if lead is None and actor is not None:
            own = grants_of(actor).person_ids
            lead = Person.objects.filter(pk__in=own, town=session.town).first()
        if lead is None:
            raise ValidationError({"lead": _("代表联名提出的议案须有领衔代表")})
        _same_town(session.town, lead)
        is_lead = actor is None or lead.pk in grants_of(actor).person_ids
        if not (is_lead or can_manage(actor, session.town_id)):
            raise PermissionDenied(_("只能以本人名义领衔"))
        if not _is_serving(lead, session.term, timezone.localdate(at)):
            raise ValidationError({"lead": _("领衔人须为本届在任代表")})
    else:
        _require_presidium(actor, session.town_id)
        lead = None
    motion = Motion(
        town=session.town, session=session, kind=kind, source=source, title=title, content=content, lead=lead
    )
    motion.full_clean()
    motion.save()
    if lead is not None:
        MotionSigner.objects.create(
            town=session.town, motion=motion, person=lead, is_lead=True, confirmed_at=at, confirmed_by=actor
        )
    activity_record(
        code="motion.created", actor=actor, subject=motion, data={"source": source, "lead": lead, "at": at}
    )
    return motion


@transaction.atomic
def motion_cosign(*, motion: Motion, person: Person, actor, at=None) -> MotionSigner:
    """A co-signer (附议) confirms in the system, before the session's motion deadline."""
    at = _now(at)
    if actor is not None and person.pk not in grants_of(actor).person_ids:
        raise PermissionDenied(_("附议须由代表本人确认"))
    _same_town(motion.town, person)
    if motion.source != MotionSource.DEPUTIES or motion.state != MotionState.DRAFT:
        raise Conflict(_("该议案不在征集附议阶段"))
    _check_deadline(motion.session, at)
    if not _is_serving(person, motion.session.term, timezone.localdate(at)):
        raise ValidationError(_("附议人须为本届在任代表"))
    if MotionSigner.objects.filter(motion=motion, person=person).exists():
        raise Conflict(_("%(p)s 已附议") % {"p": person.name})
    signer = MotionSigner.objects.create(
        town=motion.town, motion=motion, person=person, confirmed_at=at, confirmed_by=actor
    )
    activity_record(
        code="motion.cosigned", actor=actor, subject=motion, data={"person": person.name, "at": at}
    )
    return signer


@transaction.atomic
def motion_lodge(*, motion: Motion, actor, override_reason: str = "", at=None) -> Motion:
    """Lodge (提出) the motion: five or more deputies in all (configuration), or the presidium's recorded
    override. It then gets the session's next number."""
    at = _now(at)
    _check_deadline(motion.session, at)
    if motion.source == MotionSource.DEPUTIES:
        lead_ids = {motion.lead_id}
        if actor is not None and not (
            lead_ids & grants_of(actor).person_ids or acts_for_presidium(actor, motion.town_id)
        ):
            raise PermissionDenied(_("只有领衔代表或主席团可以提出议案"))
    else:
        _require_presidium(actor, motion.town_id)
    n = MotionSigner.objects.filter(motion=motion).count()
    need = _min_signers(motion)
    override_reason = override_reason.strip()
    if motion.source == MotionSource.DEPUTIES and n < need:
        if not override_reason:
            raise ValidationError(
                _("%(kind)s须由 %(need)s 名以上代表联名，现有 %(n)s 名")
                % {"kind": motion.get_kind_display(), "need": need, "n": n}
            )
        if not (actor is None or grants_of(actor).has(Role.PRESIDIUM, motion.town_id) or actor.is_superuser):
            raise PermissionDenied(_("不足法定人数的议案只有主席团可以特许提出"))
    else:
        override_reason = ""
    Session.objects.select_for_update().filter(pk=motion.session_id).first()  # serialise numbering
    number = (Motion.objects.filter(session=motion.session_id).aggregate(n=Max("number"))["n"] or 0) + 1
    return _transition(
        motion, MotionState.LODGED, actor=actor, code="motion.lodged",
        data={"signers": n, "number": number, "override_reason": override_reason, "at": at},
        number=number, lodged_at=at, override_reason=override_reason,
    )  # fmt: skip


def motion_to_suggestion(*, motion: Motion, actor):
    """A motion not put on the agenda is handled as a deputy suggestion (channel "session"), signed by the
    motion's signers, linking back to the motion."""
    from renda.suggestions.services import suggestion_create_from

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
    _require_presidium(actor, motion.town_id)
    at = _now(at)
    if on_agenda:
        return _transition(
            motion, MotionState.ON_AGENDA, actor=actor, code="motion.on_agenda",
            data={"reason": reason}, decision_reason=reason, decided_at=at,
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": _("不列入议程须说明理由")})
    motion = _transition(
        motion, MotionState.NOT_ON_AGENDA, actor=actor, code="motion.not_on_agenda",
        data={"reason": reason}, decision_reason=reason, decided_at=at,
    )  # fmt: skip
    if motion.source == MotionSource.DEPUTIES:
        motion_to_suggestion(motion=motion, actor=actor)
    return motion


@transaction.atomic
def motion_withdraw(*, motion: Motion, reason: str, actor) -> Motion:
    """Before lodging the lead may withdraw; afterwards only with the presidium's consent (recorded)."""
    if motion.state == MotionState.DRAFT:
        mine = actor is None or motion.lead_id in grants_of(actor).person_ids
        if not (mine or acts_for_presidium(actor, motion.town_id)):
            raise PermissionDenied(_("只有领衔代表可以撤回"))
        consent = False
    else:
        _require_presidium(actor, motion.town_id)
        consent = True
    if not reason.strip():
        raise ValidationError({"reason": _("请填写撤回理由")})
    return _transition(
        motion, MotionState.WITHDRAWN, actor=actor, code="motion.withdrawn",
        data={"reason": reason, "presidium_consent": consent},
    )  # fmt: skip


# --- votes -----------------------------------------------------------------------------------------

COUNT_FIELDS = ("yes", "no", "abstain", "not_voting")


@transaction.atomic
def vote_create(
    *, session: Session, kind: str, title: str, day: dt.date, actor, item: AgendaItem | None = None,
    motion: Motion | None = None,
) -> Vote:  # fmt: skip
    _require_manage(actor, session.town_id)
    if session.state != SessionState.OPEN:
        raise Conflict(_("会议开幕后方可表决"))
    if day not in _session_days(session):
        raise ValidationError({"day": _("该日期不在会期之内")})
    if item is not None and item.session_id != session.pk:
        raise ValidationError({"item": _("议程不属于本次会议")})
    if motion is not None and (motion.session_id != session.pk or motion.state != MotionState.ON_AGENDA):
        raise ValidationError({"motion": _("只能表决本次会议列入议程的议案")})
    vote = Vote(town=session.town, session=session, kind=kind, title=title, day=day, item=item, motion=motion)
    vote.full_clean()
    vote.save()
    activity_record(code="vote.created", actor=actor, subject=vote, data={"title": title, "day": day})
    return vote


def _counts(counts: dict[str, int]) -> dict[str, int]:
    out = {}
    for k in COUNT_FIELDS:
        v = counts.get(k, 0) or 0
        if not isinstance(v, int) or v < 0:
            raise ValidationError({k: _("票数应为非负整数")})
        out[k] = v
    return out


def _check_total(vote: Vote, counts: dict[str, int]) -> int:
    serving = queries.serving_count(term=vote.session.term, on=vote.day)
    if sum(counts.values()) > serving:
        raise ValidationError(
            _("票数合计 %(n)s 超过全体代表人数 %(s)s") % {"n": sum(counts.values()), "s": serving}
        )
    return serving


def vote_result(*, yes: int, serving: int) -> bool:
    """Passes with more than half of ALL serving deputies (configuration), not of those present."""
    return _more_than(yes, serving, settings.RENDA["VOTE_MAJORITY_OF_ALL"])


def _lock_vote(vote: Vote, expected_version: int | None = None) -> None:
    locked = Vote._base_manager.select_for_update().get(pk=vote.pk)
    if locked.version != (vote.version if expected_version is None else expected_version):
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))


@transaction.atomic
def vote_record(*, vote: Vote, counts: dict[str, int], actor) -> Vote:
    """Record the counts while the session is open (again if needed); after it closes use vote_correct."""
    _require_manage(actor, vote.town_id)
    if vote.session.state == SessionState.CLOSED:
        raise Conflict(_("会议已闭幕，表决结果只能通过更正程序修改"))
    counts = _counts(counts)
    serving = _check_total(vote, counts)
    _lock_vote(vote)
    before = {k: getattr(vote, k) for k in COUNT_FIELDS}
    for k, v in counts.items():
        setattr(vote, k, v)
    if vote.state == VoteState.CLOSED:
        vote.serving, vote.passed = serving, vote_result(yes=vote.yes, serving=serving)
    vote.version += 1
    vote.save()
    activity_record(code="vote.recorded", actor=actor, subject=vote, data={"before": before, "after": counts})
    return vote


@transaction.atomic
def vote_close(*, vote: Vote, actor, at=None) -> Vote:
    """Count: the result is computed against all deputies serving on the vote's day, and stored."""
    _require_manage(actor, vote.town_id)
    counts = {k: getattr(vote, k) for k in COUNT_FIELDS}
    serving = _check_total(vote, counts)
    passed = vote_result(yes=vote.yes, serving=serving)
    vote = _transition(
        vote, VoteState.CLOSED, actor=actor, code="vote.closed",
        data=counts | {"serving": serving, "passed": passed},
        serving=serving, passed=passed, closed_at=_now(at),
    )  # fmt: skip
    if vote.motion_id and vote.motion.state == MotionState.ON_AGENDA:
        _transition(
            vote.motion, MotionState.VOTED, actor=actor, code="motion.voted",
            data={"vote": vote.pk, "passed": passed},
        )  # fmt: skip
    return vote


@transaction.atomic
def vote_correct(*, vote: Vote, counts: dict[str, int], reason: str, actor) -> VoteCorrection:
    """After the session has closed, counts change only through a recorded correction."""
    _require_manage(actor, vote.town_id)
    if vote.state != VoteState.CLOSED:
        raise Conflict(_("尚未计票的表决无需更正，请直接登记票数"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写更正理由")})
    counts = _counts(counts)
    serving = _check_total(vote, counts)
    _lock_vote(vote)
    before = {k: getattr(vote, k) for k in COUNT_FIELDS} | {"passed": vote.passed}
    for k, v in counts.items():
        setattr(vote, k, v)
    vote.serving, vote.passed = serving, vote_result(yes=vote.yes, serving=serving)
    vote.version += 1
    vote.save()
    after = counts | {"passed": vote.passed}
    correction = VoteCorrection.objects.create(
        town=vote.town, vote=vote, before=before, after=after, reason=reason.strip(), actor=actor
    )
    activity_record(
        code="vote.corrected",
        actor=actor,
        subject=vote,
        data={"before": before, "after": after, "reason": reason},
    )
    return correction


# --- budget adjustments (compliance input) -----------------------------------------------------------


@transaction.atomic
def budget_adjustment_record(*, town: Town, year: int, note: str, actor) -> BudgetAdjustment:
    """The town adjusted its budget this year: the compliance check then expects a budget-adjustment session."""
    if not town.has_congress:
        raise ValidationError(_("街道和开发区不设人民代表大会"))
    _require_manage(actor, town.pk)
    obj, created = BudgetAdjustment.objects.get_or_create(town=town, year=year, defaults={"note": note})
    if not created:
        raise Conflict(_("%(y)s 年已登记预算调整") % {"y": year})
    activity_record(
        code="budget_adjustment.recorded", actor=actor, subject=obj, data={"year": year, "note": note}
    )
    return obj
