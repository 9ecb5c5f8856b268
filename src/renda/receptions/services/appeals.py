"""Appeals: recorded (at a reception, a liaison post or online), assigned to one responsible person, replied,
and closed or reopened by the voter's satisfaction, through the transition table (`..workflow.APPEAL`)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.deadlines.services import clock_handler_set, clock_start, clock_stop
from renda.core.deadlines.status import clock_for
from renda.core.enums import Role
from renda.core.errors import Conflict
from renda.core.figures.services import figures_stale
from renda.core.models import RoleGrant, Town, User
from renda.core.permissions import require
from renda.core.uploads import IMAGES, uploads_check
from renda.core.workflow import workflow_apply

from ..enums import AppealSource, AppealState, FeedbackVia, ReplyMethod, Satisfaction
from ..models import Appeal, AppealPhoto, PlaceCode, ReceptionDay
from ._common import APPEAL_CLOCK, TRACKING_ALPHABET, _locked_appeal, _same_town, _today, _token


def tracking_code_new() -> str:
    n = settings.RENDA["TRACKING_CODE_LENGTH"]
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(n))
        if not Appeal.objects.filter(tracking_code=code).exists():
            return code


def appeal_categories() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in settings.RENDA["APPEAL_CATEGORIES"]]


def place_code_for(*, liaison_post) -> PlaceCode:
    """The QR token of a liaison post (created on first use)."""
    found = PlaceCode.objects.filter(liaison_post=liaison_post).first()
    if found is not None:
        return found
    return PlaceCode.objects.create(town_id=liaison_post.town_id, liaison_post=liaison_post, token=_token())


def _photos_check(photos: list) -> None:
    r = settings.RENDA
    uploads_check(
        photos,
        max_count=r["APPEAL_MAX_PHOTOS"],
        kinds=IMAGES,
        max_bytes=r["APPEAL_PHOTO_MAX_BYTES"],
        field="photos",
        too_many=_("最多上传 %(n)s 张照片") % {"n": r["APPEAL_MAX_PHOTOS"]},
        too_large=_("每张照片不超过 %(mb)s MB") % {"mb": r["APPEAL_PHOTO_MAX_BYTES"] // (1024 * 1024)},
        wrong_type=_("照片须为 JPEG、PNG 或 WebP 格式"),
    )


def _origin_fields(origin) -> dict:
    if origin is None:
        return {}
    return {
        "origin_type": ContentType.objects.get_for_model(origin, for_concrete_model=False),
        "origin_id": str(origin.pk),
        "origin_label": str(origin)[:200],
    }


@transaction.atomic
def appeal_submit(
    *,
    town: Town,
    data: dict,
    actor,
    reception_day: ReceptionDay | None = None,
    liaison_post=None,
    photos: list | None = None,
    on: dt.date | None = None,
    origin=None,
) -> Appeal:
    """Record an appeal (at a reception, a liaison post or online) and start its one-month reply clock.

    `actor` is CITIZEN for a voter online; staff and deputies on the day's rota record appeals received in
    person. `origin`: the record it came from (an oversight activity whose finding town staff pass on as an
    appeal: source ACTIVITY, the appeal linking back to it)."""
    require(actor, "receptions.submit_appeal", reception_day or town)
    photos = list(photos or [])
    _same_town(town, [reception_day, liaison_post, data.get("village")])
    content = (data.get("content") or "").strip()
    if not content:
        raise ValidationError({"content": _("请填写诉求内容")})
    if len(content) > settings.RENDA["APPEAL_CONTENT_MAX_CHARS"]:
        raise ValidationError(
            {"content": _("诉求内容不超过 %(n)s 字") % {"n": settings.RENDA["APPEAL_CONTENT_MAX_CHARS"]}}
        )
    if data.get("category") not in {c for c, _l in settings.RENDA["APPEAL_CATEGORIES"]}:
        raise ValidationError({"category": _("请选择诉求类别")})
    _photos_check(photos)
    if reception_day is not None:
        source = AppealSource.RECEPTION
        liaison_post = liaison_post or reception_day.liaison_post
    elif liaison_post is not None:
        source = AppealSource.LIAISON_POST
    else:
        source = AppealSource.ONLINE
    if data.get("source") == AppealSource.ONLINE:
        source = AppealSource.ONLINE  # scanned at a place, sent by the voter's own phone
    if origin is not None:
        source = AppealSource.ACTIVITY
    appeal = Appeal(
        town=town,
        tracking_code=tracking_code_new(),
        source=source,
        reception_day=reception_day,
        liaison_post=liaison_post,
        received_on=on or _today(),
        category=data["category"],
        village=data.get("village") or (reception_day.village if reception_day else None),
        content=content,
        citizen_name=(data.get("citizen_name") or "").strip(),
        citizen_phone=(data.get("citizen_phone") or "").strip(),
        **_origin_fields(origin),
    )
    appeal.full_clean()
    from renda.registry.validators import validate_mobile

    validate_mobile(appeal.citizen_phone)
    appeal.save()
    for f in photos:
        AppealPhoto.objects.create(town=town, appeal=appeal, image=f)
    clock = clock_start(
        subject=appeal, kind=APPEAL_CLOCK, actor=actor, start_date=appeal.received_on, town=town
    )
    appeal.due_date = clock.due_date
    appeal.save(update_fields=["due_date"])
    figures_stale(town_id=appeal.town_id)
    activity_record(
        code="appeal.submitted",
        actor=actor,
        subject=appeal,
        data={
            "source": source,
            "category": appeal.category,
            "photos": len(photos),
            "due_date": appeal.due_date,
            **({"origin": appeal.origin_label} if origin is not None else {}),
        },
    )
    return appeal


def appeal_handler_grants(*, town: Town):
    """Who can be the responsible person (责任到人): clerks of the town's units, and the town staff."""
    return (
        RoleGrant.objects.filter(
            Q(role=Role.UNIT_CLERK, unit__town=town, unit__end_date=None) | Q(role=Role.TOWN_STAFF, town=town)
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user__username")
    )


@transaction.atomic
def appeal_assign(*, appeal: Appeal, handler: User, actor, unit=None, version: int | None = None) -> Appeal:
    """Assign to one responsible person in a unit (责任到人); the reply clock keeps running from registration."""
    require(actor, "receptions.manage", appeal)
    appeal = _locked_appeal(appeal, version)
    grants = [g for g in appeal_handler_grants(town=appeal.town) if g.user_id == handler.pk]
    if not grants:
        raise ValidationError({"handler": _("责任人须是本镇承办单位经办人或镇人大工作人员")})
    if unit is not None:
        _same_town(appeal.town, [unit])
        if not any(g.unit_id == unit.pk or g.role == Role.TOWN_STAFF for g in grants):
            raise ValidationError({"unit": _("责任人不属于所选单位")})
    else:
        unit = next((g.unit for g in grants if g.unit_id), None)
    if (
        appeal.state in (AppealState.ASSIGNED, AppealState.REOPENED)
        and appeal.handler_id == handler.pk
        and appeal.unit_id == (unit.pk if unit else None)
    ):
        return appeal  # already theirs: an unchanged assignment changes nothing and records nothing
    appeal = workflow_apply(
        appeal,
        "assign" if appeal.state == AppealState.SUBMITTED else "reassign",
        actor=actor,
        data={"handler": str(handler), "unit": str(unit or "")},
        check=False,  # required above
        handler=handler,
        unit=unit,
        assigned_at=timezone.now(),
    )
    clock = clock_for(subject=appeal, kind=APPEAL_CLOCK)
    if clock is not None and clock.stopped_at is None:
        # The responsible person receives the clock's reminders ("handler" resolves to them).
        clock_handler_set(clock=clock, handler=handler, unit=unit, actor=actor)
    return appeal


@transaction.atomic
def appeal_reply(
    *,
    appeal: Appeal,
    method: str,
    replied_on: dt.date,
    replied_by: str,
    text: str,
    actor,
    version: int | None = None,
) -> Appeal:
    """The reply (答复): how, when, by whom and what; the clock stops, on time or not."""
    appeal = _locked_appeal(appeal, version)
    require(actor, "receptions.reply", appeal)
    if method not in ReplyMethod.values:
        raise ValidationError({"method": _("请选择答复方式")})
    if not text.strip():
        raise ValidationError({"text": _("请填写答复内容")})
    if not replied_by.strip():
        raise ValidationError({"replied_by": _("请填写答复人")})
    if replied_on > _today() or replied_on < appeal.received_on:
        raise ValidationError({"replied_on": _("答复日期应在登记日期与今天之间")})
    on_time = appeal.due_date is None or replied_on <= appeal.due_date
    appeal = workflow_apply(
        appeal,
        "reply",
        actor=actor,
        data={"method": method, "replied_on": replied_on, "on_time": on_time},
        check=False,  # required above
        reply_method=method,
        replied_on=replied_on,
        replied_by=replied_by.strip(),
        reply_text=text.strip(),
        replied_on_time=on_time,
    )
    clock = clock_for(subject=appeal, kind=APPEAL_CLOCK)
    if clock is not None and clock.stopped_at is None:
        at = timezone.make_aware(dt.datetime.combine(replied_on, dt.time(12)))
        clock_stop(clock=clock, actor=actor, at=min(at, timezone.now()), reason=_("已答复"))
    return appeal


def _feedback(appeal: Appeal, *, satisfaction: str, via: str, note: str, second_look: bool, actor) -> Appeal:
    appeal = _locked_appeal(appeal)
    if appeal.state != AppealState.REPLIED:
        raise Conflict(_("诉求尚未答复或已评价"))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意度")})
    fields: dict[str, Any] = {
        "satisfaction": satisfaction,
        "satisfaction_via": via,
        "satisfaction_note": (note or "").strip()[:500],
    }
    data = {"satisfaction": satisfaction, "via": via}
    if satisfaction == Satisfaction.UNSATISFIED and second_look:
        if appeal.reviews >= settings.RENDA["APPEAL_REVIEWS_MAX"]:
            raise ValidationError(_("复查机会已用完"))
        appeal = workflow_apply(
            appeal, "reopen", actor=actor, data=data, check=False, reviews=appeal.reviews + 1, **fields
        )
        clock = clock_start(
            subject=appeal,
            kind=APPEAL_CLOCK,
            actor=actor,
            town=appeal.town,
            handler=appeal.handler,
            unit=appeal.unit,
        )
        appeal.due_date = clock.due_date
        appeal.save(update_fields=["due_date"])
        return appeal
    return workflow_apply(appeal, "close", actor=actor, data=data, check=False, **fields)


@transaction.atomic
def appeal_feedback_record(
    *, appeal: Appeal, satisfaction: str, note: str = "", second_look: bool = False, actor
) -> Appeal:
    """Staff record the voter's satisfaction after calling them back."""
    require(actor, "receptions.record_feedback", appeal)
    return _feedback(
        appeal,
        satisfaction=satisfaction,
        via=FeedbackVia.PHONE,
        note=note,
        second_look=second_look,
        actor=actor,
    )


@transaction.atomic
def appeal_feedback_by_voter(
    *,
    tracking_code: str,
    phone_last4: str,
    satisfaction: str,
    actor,
    note: str = "",
    second_look: bool = False,
) -> Appeal:
    """The voter's own satisfaction through the portal (`actor` is CITIZEN): the tracking code and the phone's
    last four digits."""
    require(actor, "receptions.give_feedback")
    appeal = Appeal.objects.filter(tracking_code=tracking_code).first()
    if appeal is None or not secrets.compare_digest(appeal.citizen_phone[-4:], phone_last4 or ""):
        raise PermissionDenied(_("查询码或手机号后四位不正确"))
    return _feedback(
        appeal,
        satisfaction=satisfaction,
        via=FeedbackVia.PORTAL,
        note=note,
        second_look=second_look,
        actor=actor,
    )


def appeal_pii_viewed(*, appeal: Appeal, actor) -> None:
    """Log that a handler looked at the voter's unmasked name and phone."""
    require(actor, "receptions.view_pii", appeal)
    activity_record(code="appeal.pii_viewed", actor=actor, subject=appeal)


@transaction.atomic
def appeal_convert_to_suggestion(*, appeal: Appeal, signers: list, actor, title: str = "") -> Appeal:
    """Turn an appeal that is a matter for the congress into a deputy suggestion (deputies pass problems on
    through the presidium, Deputies Law Art. 31). The appeal keeps its own reply clock: it still gets a reply."""
    from renda.suggestions.models import Channel
    from renda.suggestions.services import suggestion_create_from

    require(actor, "receptions.manage", appeal)
    appeal = _locked_appeal(appeal)
    if appeal.suggestion_id:
        raise Conflict(_("该诉求已转为代表建议"))
    if not signers:
        raise ValidationError({"signers": _("请选择提出建议的代表")})
    _same_town(appeal.town, signers)
    suggestion = suggestion_create_from(
        source=appeal,
        town=appeal.town,
        title=(title or "").strip()
        or _("关于%(category)s问题的建议") % {"category": _category_label(appeal.category)},
        content=appeal.content,
        signers=list(signers),
        channel=Channel.RECESS,
        actor=actor,
    )
    return workflow_apply(
        appeal,
        "convert",
        actor=actor,
        data={"suggestion": str(suggestion), "signers": [str(p) for p in signers]},
        check=False,  # required above
        suggestion=suggestion,
    )


def _category_label(code: str) -> str:
    return str(_(dict(settings.RENDA["APPEAL_CATEGORIES"]).get(code, code)))
