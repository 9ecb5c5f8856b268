"""Sessions: creating and editing them, the agenda, documents and opinions, opening (quorum) and closing,
and the yearly budget adjustment the compliance check reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.errors import Conflict, conflict_stale
from renda.core.models import Town
from renda.core.uploads import DOCUMENTS, UploadRefused, upload_check
from renda.core.workflow import workflow_apply
from renda.registry.models import DeputyGroup, Term

from .. import queries
from ..enums import Presence, SessionKind, SessionState, SpecialRequester, VoteState
from ..models import (
    AgendaItem,
    Attendance,
    BudgetAdjustment,
    DeliberationOpinion,
    Session,
    SessionDocument,
    Vote,
)
from ._common import (
    check,
    now,
    refusal_manage,
    same_town,
    session_days,
    session_editable,
    share_reached,
    user_or_none,
)


@transaction.atomic
def session_create(*, town: Town, data: dict[str, Any], actor) -> Session:
    """A new session of the town's congress. Special sessions record who asked for them (checked)."""
    if not town.has_congress:
        raise ValidationError(_("街道和开发区不设人民代表大会，不能召开人代会"))
    check(actor, "congress.session_create", town, refusal_manage())
    data = dict(data)
    if data.get("term") is None:
        from renda.registry.queries import current_term

        data["term"] = current_term(town, on=data["start_date"])
        if data["term"] is None:
            raise ValidationError(_("该镇尚未建立届次"))
    term: Term = data["term"]
    requesters = list(data.pop("requesters", []) or [])
    same_town(town, term, *requesters)
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
            if not total or not share_reached(len(valid), total, share):
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
    check(actor, "congress.agenda_edit", session, refusal_manage())
    if not session_editable(session):
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
    check(actor, "congress.session_update", session, refusal_manage())
    locked = Session.objects.select_for_update().select_related("term").get(pk=session.pk)
    if version is not None and locked.version != version:
        raise conflict_stale()
    if not session_editable(locked):
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
    locked.save(update_fields=[*data, "version", "updated_at"])
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
    check(actor, "congress.agenda_edit", item, refusal_manage())
    locked = AgendaItem.objects.select_for_update().select_related("session").get(pk=item.pk)
    if version is not None and agenda_item_version(locked) != version:
        raise conflict_stale()
    if not session_editable(locked.session):
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
    check(actor, "congress.document_add", session, refusal_manage())
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
        town=session.town, session=session, item=item, title=title, file=file, uploaded_by=user_or_none(actor)
    )
    doc.save()
    activity_record(code="session.document_added", actor=actor, subject=session, data={"title": title})
    return doc


@transaction.atomic
def deliberation_opinion_add(*, item: AgendaItem, group: DeputyGroup, content: str, actor):
    check(actor, "congress.opinion_add", item, refusal_manage())
    same_town(item.town, group)
    if not content.strip():
        raise ValidationError({"content": _("请填写审议意见")})
    op = DeliberationOpinion.objects.create(
        town=item.town, item=item, group=group, content=content.strip(), recorded_by=user_or_none(actor)
    )
    activity_record(
        code="session.opinion_added",
        actor=actor,
        subject=item.session,
        data={"item": item.title, "group": group},
    )
    return op


# --- opening and closing ----------------------------------------------------------------------------


@transaction.atomic
def session_open(*, session: Session, day: dt.date, actor) -> Session:
    """Declare the session open: two thirds or more of the deputies serving that day must be present."""
    check(actor, "congress.session_open", session, refusal_manage())
    if day not in session_days(session):
        raise ValidationError({"day": _("该日期不在会期之内")})
    serving = queries.serving_count(term=session.term, on=day)
    present = Attendance.objects.filter(session=session, day=day, presence=Presence.PRESENT).count()
    quorum = settings.RENDA["SESSION_QUORUM"]
    if not serving or not share_reached(present, serving, quorum):
        raise ValidationError(
            _("出席代表 %(p)s 名，未达到全体代表 %(s)s 名的 %(a)s/%(b)s，不能开会")
            % {"p": present, "s": serving, "a": quorum[0], "b": quorum[1]}
        )
    return workflow_apply(
        session, "open", actor=actor, version=session.version,
        data={"day": day, "present": present, "serving": serving},
        opened_on=day, quorum_present=present, quorum_serving=serving,
    )  # fmt: skip


@transaction.atomic
def session_close(*, session: Session, actor, at=None) -> Session:
    check(actor, "congress.session_close", session, refusal_manage())
    if Vote.objects.filter(session=session, state=VoteState.OPEN).exists():
        raise ValidationError(_("尚有未计票的表决事项"))
    return workflow_apply(session, "close", actor=actor, version=session.version, closed_at=now(at))


# --- budget adjustments (compliance input) -----------------------------------------------------------


@transaction.atomic
def budget_adjustment_record(*, town: Town, year: int, note: str, actor) -> BudgetAdjustment:
    """The town adjusted its budget this year: the compliance check then expects a budget-adjustment session."""
    if not town.has_congress:
        raise ValidationError(_("街道和开发区不设人民代表大会"))
    check(actor, "congress.budget_adjustment_record", town, refusal_manage())
    obj, created = BudgetAdjustment.objects.get_or_create(town=town, year=year, defaults={"note": note})
    if not created:
        raise Conflict(_("%(y)s 年已登记预算调整") % {"y": year})
    activity_record(
        code="budget_adjustment.recorded", actor=actor, subject=obj, data={"year": year, "note": note}
    )
    return obj
