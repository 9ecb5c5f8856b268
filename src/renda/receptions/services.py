"""Reception and appeal writes (C4). Views, forms and the API call these; each writes its audit row.

Reception day states: draft → published (the public notice) → held; draft/published → cancelled.
Appeal states: submitted → assigned → replied → closed, with one second look: replied → reopened → replied.
Exactly one function per aggregate changes `.state` (`_day_transition`, `_appeal_transition`)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from renda.core.access import grants_of, user_is_staff_for
from renda.core.audit import CODE_LABELS, activity_record
from renda.core.deadlines.services import clock_start, clock_stop
from renda.core.deadlines.status import clock_for
from renda.core.enums import Role
from renda.core.errors import Conflict
from renda.core.figures.services import figures_stale
from renda.core.models import RoleGrant, Town, User
from renda.core.notifications.models import NotificationKind
from renda.core.notifications.services import notification_send
from renda.core.uploads import IMAGES, UploadRefused, upload_check

from .enums import AppealSource, AppealState, DayState, FeedbackVia, ReplyMethod, Satisfaction
from .models import Appeal, AppealPhoto, PlaceCode, ReceptionDay, ReceptionGroup, ReceptionSetting

APPEAL_CLOCK = "appeal.reply"
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone

CODE_LABELS.update(
    {
        "receptionsetting.updated": gettext_lazy("修改接待日设置"),
        "receptiongroup.created": gettext_lazy("新增接待小组"),
        "receptiongroup.updated": gettext_lazy("修改接待小组"),
        "receptionday.created": gettext_lazy("安排接待日"),
        "receptionday.updated": gettext_lazy("修改接待日"),
        "receptionday.published": gettext_lazy("公示接待日"),
        "receptionday.held": gettext_lazy("登记接待情况"),
        "receptionday.cancelled": gettext_lazy("取消接待日"),
        "appeal.submitted": gettext_lazy("登记诉求"),
        "appeal.assigned": gettext_lazy("交办诉求"),
        "appeal.replied": gettext_lazy("答复诉求"),
        "appeal.closed": gettext_lazy("诉求办结"),
        "appeal.reopened": gettext_lazy("群众不满意，申请复查"),
        "appeal.feedback": gettext_lazy("群众评价"),
        "appeal.pii_viewed": gettext_lazy("查看群众完整信息"),
        "appeal.converted": gettext_lazy("转为代表建议"),
    }
)

DAY_TRANSITIONS = {
    (DayState.DRAFT, DayState.PUBLISHED),
    (DayState.PUBLISHED, DayState.HELD),
    (DayState.DRAFT, DayState.CANCELLED),
    (DayState.PUBLISHED, DayState.CANCELLED),
}

APPEAL_TRANSITIONS = {
    (AppealState.SUBMITTED, AppealState.ASSIGNED),
    (AppealState.ASSIGNED, AppealState.ASSIGNED),  # reassigned to another responsible person
    (AppealState.REOPENED, AppealState.REOPENED),
    (AppealState.ASSIGNED, AppealState.REPLIED),
    (AppealState.REOPENED, AppealState.REPLIED),
    (AppealState.REPLIED, AppealState.CLOSED),
    (AppealState.REPLIED, AppealState.REOPENED),
}


def _today() -> dt.date:
    return timezone.localdate()


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _token() -> str:
    return secrets.token_urlsafe(12)


# ------------------------------------------------------------------------------------ permissions


def user_can_manage_receptions(user, town_id: int) -> bool:
    """Town congress staff (and district staff) arrange reception days and assign appeals."""
    return user_is_staff_for(user, town_id)


def user_handles_appeal(user, appeal: Appeal) -> bool:
    """The handlers: the responsible person, the clerks of the responsible unit, and the town staff."""
    if user_is_staff_for(user, appeal.town_id):
        return True
    if appeal.handler_id and appeal.handler_id == getattr(user, "pk", None):
        return True
    return bool(appeal.unit_id and appeal.unit_id in grants_of(user).unit_ids)


def user_records_feedback(user, appeal: Appeal) -> bool:
    """Staff and the petitions office call the voter back and record the satisfaction."""
    return user_is_staff_for(user, appeal.town_id) or grants_of(user).has(Role.PETITIONS, appeal.town_id)


def user_records_day(user, day: ReceptionDay) -> bool:
    if user_is_staff_for(user, day.town_id):
        return True
    persons = grants_of(user).person_ids
    return bool(persons) and day.deputies.filter(pk__in=persons).exists()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("无权进行此操作"))


# ------------------------------------------------------------------------------------- settings


def reception_setting_for(*, town: Town) -> ReceptionSetting:
    """The town's setting, or the defaults from configuration (unsaved) when it has none."""
    found = ReceptionSetting.objects.filter(town=town).first()
    if found is not None:
        return found
    r = settings.RENDA
    return ReceptionSetting(
        town=town,
        days_of_month=",".join(str(d) for d in r["RECEPTION_DAYS_OF_MONTH"]),
        start_time=_time(r["RECEPTION_START"]),
        end_time=_time(r["RECEPTION_END"]),
        notice_days=r["RECEPTION_NOTICE_DAYS"],
    )


@transaction.atomic
def reception_setting_save(*, town: Town, data: dict, actor) -> ReceptionSetting:
    _require(user_can_manage_receptions(actor, town.pk))
    setting = reception_setting_for(town=town)
    for name, value in data.items():
        setattr(setting, name, value)
    try:
        days = setting.days
    except ValueError as exc:
        raise ValidationError({"days_of_month": _("请填写 1 至 28 之间的日期，以逗号分隔")}) from exc
    if not days or any(d < 1 or d > 28 for d in days):
        raise ValidationError({"days_of_month": _("请填写 1 至 28 之间的日期，以逗号分隔")})
    if setting.end_time <= setting.start_time:
        raise ValidationError({"end_time": _("结束时间须晚于开始时间")})
    setting.days_of_month = ",".join(str(d) for d in days)
    setting.full_clean()
    setting.save()
    activity_record(code="receptionsetting.updated", actor=actor, subject=setting, data=data)
    return setting


# ---------------------------------------------------------------------------------------- groups


def _same_town(town: Town, values: Iterable) -> None:
    for v in values:
        if v is not None and getattr(v, "town_id", town.pk) != town.pk:
            raise ValidationError(_("只能选择本镇（街道）的记录"))


@transaction.atomic
def reception_group_create(*, town: Town, data: dict, actor) -> ReceptionGroup:
    _require(user_can_manage_receptions(actor, town.pk))
    deputies = list(data.pop("deputies", []))
    _same_town(town, [data.get("village"), data.get("liaison_post"), *deputies])
    group = ReceptionGroup(town=town, **data)
    group.full_clean()
    group.save()
    group.deputies.set(deputies)
    activity_record(
        code="receptiongroup.created",
        actor=actor,
        subject=group,
        data={**data, "deputies": [str(p) for p in deputies]},
    )
    return group


@transaction.atomic
def reception_group_update(*, group: ReceptionGroup, data: dict, actor) -> ReceptionGroup:
    _require(user_can_manage_receptions(actor, group.town_id))
    deputies = data.pop("deputies", None)
    _same_town(group.town, [data.get("village"), data.get("liaison_post"), *(deputies or [])])
    for name, value in data.items():
        setattr(group, name, value)
    group.full_clean()
    group.save()
    if deputies is not None:
        group.deputies.set(deputies)
    activity_record(code="receptiongroup.updated", actor=actor, subject=group, data=data)
    return group


# ------------------------------------------------------------------------------- reception days


def reception_schedule_propose(*, town: Town, start: dt.date, months: int) -> list[dict]:
    """The proposed reception days from `start` for `months` months: each configured day of the month,
    with the rota's groups in turn (continuing after the last group the town already scheduled)."""
    setting = reception_setting_for(town=town)
    groups = list(ReceptionGroup.objects.filter(town=town, active=True).prefetch_related("deputies"))
    taken = set(
        ReceptionDay.objects.filter(town=town, date__gte=start)
        .exclude(state=DayState.CANCELLED)
        .values_list("date", flat=True)
    )
    last = (
        ReceptionDay.objects.filter(town=town, date__lt=start, group__isnull=False)
        .order_by("-date", "-id")
        .values_list("group_id", flat=True)
        .first()
    )
    ids = [g.pk for g in groups]
    turn = (ids.index(last) + 1) if last in ids else 0
    out = []
    year, month = start.year, start.month
    for _i in range(months):
        for d in setting.days:
            day = dt.date(year, month, d)
            if day < start:
                continue
            group = groups[turn % len(groups)] if groups else None
            if group is not None:
                turn += 1
            out.append({"date": day, "group": group, "exists": day in taken})
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def _day_fields_from_group(group: ReceptionGroup | None) -> dict:
    if group is None:
        return {}
    place = (
        group.place
        or (str(group.liaison_post) if group.liaison_post_id else "")
        or (str(group.village) if group.village_id else "")
    )
    return {
        "leader_name": group.leader_name,
        "leader_title": group.leader_title,
        "village": group.village,
        "liaison_post": group.liaison_post,
        "place": place,
    }


@transaction.atomic
def reception_day_create(*, town: Town, data: dict, actor) -> ReceptionDay:
    """One reception day (a draft): from a rota group, adjusted by the fields given."""
    _require(user_can_manage_receptions(actor, town.pk))
    data = dict(data)
    deputies = data.pop("deputies", None)
    group = data.get("group")
    setting = reception_setting_for(town=town)
    fields = {"start_time": setting.start_time, "end_time": setting.end_time, **_day_fields_from_group(group)}
    fields.update({k: v for k, v in data.items() if v not in (None, "") or k not in fields})
    if deputies is None:
        deputies = list(group.deputies.all()) if group else []
    _same_town(town, [fields.get("group"), fields.get("village"), fields.get("liaison_post"), *deputies])
    if not fields.get("place"):
        raise ValidationError({"place": _("请填写接待地点")})
    day = ReceptionDay(town=town, token=_token(), **fields)
    if day.end_time <= day.start_time:
        raise ValidationError({"end_time": _("结束时间须晚于开始时间")})
    day.full_clean()
    day.save()
    day.deputies.set(deputies)
    activity_record(
        code="receptionday.created",
        actor=actor,
        subject=day,
        data={**fields, "deputies": [str(p) for p in deputies]},
    )
    return day


@transaction.atomic
def reception_days_create_from_proposal(
    *, town: Town, start: dt.date, months: int, actor
) -> list[ReceptionDay]:
    """Create the proposed days that do not exist yet, as drafts for the staff to adjust."""
    _require(user_can_manage_receptions(actor, town.pk))
    created = []
    for row in reception_schedule_propose(town=town, start=start, months=months):
        if row["exists"]:
            continue
        created.append(
            reception_day_create(town=town, data={"date": row["date"], "group": row["group"]}, actor=actor)
        )
    return created


def _locked_day(day: ReceptionDay, version: int | None = None) -> ReceptionDay:
    locked = ReceptionDay.objects.select_for_update().get(pk=day.pk)
    if version is not None and locked.version != version:
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))
    return locked


def _day_transition(day: ReceptionDay, to: str, actor, code: str, data: dict | None = None) -> ReceptionDay:
    if (day.state, to) not in DAY_TRANSITIONS:
        raise Conflict(_("接待日当前状态为“%(state)s”，不能进行此操作") % {"state": day.get_state_display()})
    before = day.state
    day.state = to
    day.version += 1
    day.save()
    activity_record(code=code, actor=actor, subject=day, data={"from": before, "to": to, **(data or {})})
    return day


@transaction.atomic
def reception_day_update(*, day: ReceptionDay, data: dict, actor, version: int | None = None) -> ReceptionDay:
    _require(user_can_manage_receptions(actor, day.town_id))
    day = _locked_day(day, version)
    if day.state not in (DayState.DRAFT, DayState.PUBLISHED):
        raise Conflict(_("已接待或已取消的接待日不能修改"))
    data = dict(data)
    deputies = data.pop("deputies", None)
    _same_town(
        day.town, [data.get("group"), data.get("village"), data.get("liaison_post"), *(deputies or [])]
    )
    empty = [n for n, v in data.items() if v is None and not ReceptionDay._meta.get_field(n).null]
    if empty:
        raise ValidationError({n: _("此项不能为空") for n in empty})
    for name, value in data.items():
        setattr(day, name, value)
    day.full_clean()  # first: a required field given as null is a field error, not a comparison with None
    if day.end_time <= day.start_time:
        raise ValidationError({"end_time": _("结束时间须晚于开始时间")})
    day.version += 1
    day.save()
    if deputies is not None:
        day.deputies.set(deputies)
    activity_record(code="receptionday.updated", actor=actor, subject=day, data=data)
    if day.state == DayState.PUBLISHED:
        _notify_deputies(day)
    return day


def _notify_deputies(day: ReceptionDay) -> None:
    """Deputies on the rota get the notice in their inbox (and by their e-mail/SMS preference).
    Runs after commit, possibly outside the request: it enters the day's town scope itself."""
    with scope(town=[day.town_id]):
        _notify_deputies_in_scope(day)


def _notify_deputies_in_scope(day: ReceptionDay) -> None:
    users = list(
        User.objects.filter(grants__role=Role.DEPUTY, grants__person__in=day.deputies.all()).distinct()
    )
    for user in users:
        notification_send(
            user=user,
            town=day.town,
            kind=NotificationKind.ACTIVITY,
            template="activity_notice",
            params={
                "clock_kind": "activity.notice",
                "item": str(day),
                "due": f"{day.date.isoformat()} {day.start_time:%H:%M}",
            },
            link=day.get_absolute_url(),
        )


@transaction.atomic
def reception_day_publish(
    *, day: ReceptionDay, actor, version: int | None = None, on: dt.date | None = None
) -> ReceptionDay:
    """Publish the notice (公示): at least the configured number of days before the reception.
    `on` records a publication made on an earlier day (demo data, catching up the records)."""
    _require(user_can_manage_receptions(actor, day.town_id))
    day = _locked_day(day, version)
    notice_days = reception_setting_for(town=day.town).notice_days
    on = min(on or _today(), _today())
    earliest = on + dt.timedelta(days=notice_days)
    if day.date < earliest:
        raise ValidationError(
            _("公示须至少提前 %(n)s 天：%(date)s 的接待日最晚应在 %(last)s 公示")
            % {
                "n": notice_days,
                "date": day.date.isoformat(),
                "last": (day.date - dt.timedelta(days=notice_days)).isoformat(),
            }
        )
    if not day.deputies.exists():
        raise ValidationError(_("请先安排接待代表"))
    day.published_at = (
        timezone.now() if on == _today() else timezone.make_aware(dt.datetime.combine(on, dt.time(9)))
    )
    _day_transition(day, DayState.PUBLISHED, actor, "receptionday.published", {"on": on})
    transaction.on_commit(lambda: _notify_deputies(day))
    return day


@transaction.atomic
def reception_day_cancel(*, day: ReceptionDay, reason: str, actor) -> ReceptionDay:
    _require(user_can_manage_receptions(actor, day.town_id))
    day = _locked_day(day)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写取消原因")})
    return _day_transition(day, DayState.CANCELLED, actor, "receptionday.cancelled", {"reason": reason})


@transaction.atomic
def reception_day_record(
    *, day: ReceptionDay, attended: list, visitors: int, summary: str, actor, version: int | None = None
) -> ReceptionDay:
    """On the day: who of the rota came, how many voters, what happened (staff or a deputy on the rota)."""
    _require(user_records_day(actor, day))
    day = _locked_day(day, version)
    if day.date > _today():
        raise ValidationError(_("接待日尚未到来，不能登记接待情况"))
    rota = set(day.deputies.values_list("pk", flat=True))
    if any(p.pk not in rota for p in attended):
        raise ValidationError({"attended": _("实到代表须是本次接待安排的代表")})
    day.visitors = visitors
    day.summary = summary
    _day_transition(
        day,
        DayState.HELD,
        actor,
        "receptionday.held",
        {"attended": [str(p) for p in attended], "visitors": visitors},
    )
    day.attended.set(attended)
    return day


# ---------------------------------------------------------------------------------------- appeals


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


def _validate_photos(photos: list) -> None:
    r = settings.RENDA
    if len(photos) > r["APPEAL_MAX_PHOTOS"]:
        raise ValidationError({"photos": _("最多上传 %(n)s 张照片") % {"n": r["APPEAL_MAX_PHOTOS"]}})
    for f in photos:
        if f.size > r["APPEAL_PHOTO_MAX_BYTES"]:
            raise ValidationError(
                {
                    "photos": _("每张照片不超过 %(mb)s MB")
                    % {"mb": r["APPEAL_PHOTO_MAX_BYTES"] // (1024 * 1024)}
                }
            )
        try:  # the real type from the first bytes, and the extension must agree (core.uploads)
            upload_check(
                f,
                kinds=IMAGES,
                max_bytes=r["APPEAL_PHOTO_MAX_BYTES"],
                message=_("照片须为 JPEG、PNG 或 WebP 格式"),
            )
        except UploadRefused as exc:
            raise ValidationError({"photos": exc.messages}) from None


@transaction.atomic
def appeal_submit(
    *,
    town: Town,
    data: dict,
    actor=None,
    reception_day: ReceptionDay | None = None,
    liaison_post=None,
    photos: list | None = None,
    on: dt.date | None = None,
) -> Appeal:
    """Record an appeal (at a reception, a liaison post or online) and start its one-month reply clock.

    `actor` is None for a voter online; staff and deputies record appeals received in person."""
    photos = list(photos or [])
    if actor is not None and getattr(actor, "pk", None):
        allowed = user_is_staff_for(actor, town.pk) or (
            reception_day is not None and user_records_day(actor, reception_day)
        )
        _require(allowed)
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
    _validate_photos(photos)
    if reception_day is not None:
        source = AppealSource.RECEPTION
        liaison_post = liaison_post or reception_day.liaison_post
    elif liaison_post is not None:
        source = AppealSource.LIAISON_POST
    else:
        source = AppealSource.ONLINE
    if data.get("source") == AppealSource.ONLINE:
        source = AppealSource.ONLINE  # scanned at a place, sent by the voter's own phone
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
        },
    )
    return appeal


def _locked_appeal(appeal: Appeal, version: int | None = None) -> Appeal:
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if version is not None and locked.version != version:
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))
    return locked


def _appeal_transition(appeal: Appeal, to: str, actor, code: str, data: dict | None = None) -> Appeal:
    if (appeal.state, to) not in APPEAL_TRANSITIONS:
        raise Conflict(_("诉求当前状态为“%(state)s”，不能进行此操作") % {"state": appeal.get_state_display()})
    before = appeal.state
    appeal.state = to
    appeal.version += 1
    appeal.save()
    figures_stale(town_id=appeal.town_id)
    activity_record(code=code, actor=actor, subject=appeal, data={"from": before, "to": to, **(data or {})})
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
    _require(user_can_manage_receptions(actor, appeal.town_id))
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
    appeal.handler = handler
    appeal.unit = unit
    appeal.assigned_at = timezone.now()
    to = AppealState.REOPENED if appeal.state == AppealState.REOPENED else AppealState.ASSIGNED
    _appeal_transition(
        appeal, to, actor, "appeal.assigned", {"handler": str(handler), "unit": str(unit or "")}
    )
    clock = clock_for(subject=appeal, kind=APPEAL_CLOCK)
    if clock is not None and clock.stopped_at is None:
        # The responsible person receives the clock's reminders ("handler" resolves to them).
        type(clock).unscoped.filter(pk=clock.pk).update(handler=handler, unit=unit)
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
    _require(user_handles_appeal(actor, appeal))
    if method not in ReplyMethod.values:
        raise ValidationError({"method": _("请选择答复方式")})
    if not text.strip():
        raise ValidationError({"text": _("请填写答复内容")})
    if not replied_by.strip():
        raise ValidationError({"replied_by": _("请填写答复人")})
    if replied_on > _today() or replied_on < appeal.received_on:
        raise ValidationError({"replied_on": _("答复日期应在登记日期与今天之间")})
    appeal.reply_method = method
    appeal.replied_on = replied_on
    appeal.replied_by = replied_by.strip()
    appeal.reply_text = text.strip()
    appeal.replied_on_time = appeal.due_date is None or replied_on <= appeal.due_date
    _appeal_transition(
        appeal,
        AppealState.REPLIED,
        actor,
        "appeal.replied",
        {"method": method, "replied_on": replied_on, "on_time": appeal.replied_on_time},
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
    appeal.satisfaction = satisfaction
    appeal.satisfaction_via = via
    appeal.satisfaction_note = (note or "").strip()[:500]
    can_review = appeal.reviews < settings.RENDA["APPEAL_REVIEWS_MAX"]
    if satisfaction == Satisfaction.UNSATISFIED and second_look:
        if not can_review:
            raise ValidationError(_("复查机会已用完"))
        appeal.reviews += 1
        _appeal_transition(
            appeal, AppealState.REOPENED, actor, "appeal.reopened", {"satisfaction": satisfaction, "via": via}
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
    return _appeal_transition(
        appeal, AppealState.CLOSED, actor, "appeal.closed", {"satisfaction": satisfaction, "via": via}
    )


@transaction.atomic
def appeal_feedback_record(
    *, appeal: Appeal, satisfaction: str, note: str = "", second_look: bool = False, actor
) -> Appeal:
    """Staff record the voter's satisfaction after calling them back."""
    _require(user_records_feedback(actor, appeal))
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
    *, tracking_code: str, phone_last4: str, satisfaction: str, note: str = "", second_look: bool = False
) -> Appeal:
    """The voter's own satisfaction through the portal: the tracking code and the phone's last four digits."""
    appeal = Appeal.objects.filter(tracking_code=tracking_code).first()
    if appeal is None or not secrets.compare_digest(appeal.citizen_phone[-4:], phone_last4 or ""):
        raise PermissionDenied(_("查询码或手机号后四位不正确"))
    return _feedback(
        appeal,
        satisfaction=satisfaction,
        via=FeedbackVia.PORTAL,
        note=note,
        second_look=second_look,
        actor=None,
    )


def appeal_pii_viewed(*, appeal: Appeal, actor) -> None:
    """Log that a handler looked at the voter's unmasked name and phone."""
    _require(user_handles_appeal(actor, appeal))
    activity_record(code="appeal.pii_viewed", actor=actor, subject=appeal)


@transaction.atomic
def appeal_convert_to_suggestion(*, appeal: Appeal, signers: list, actor, title: str = "") -> Appeal:
    """Turn an appeal that is a matter for the congress into a deputy suggestion (deputies pass problems on
    through the presidium, Deputies Law Art. 31). The appeal keeps its own reply clock: it still gets a reply."""
    from renda.suggestions.models import Channel
    from renda.suggestions.services import suggestion_create_from

    _require(user_can_manage_receptions(actor, appeal.town_id))
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
    appeal.suggestion = suggestion
    appeal.version += 1
    appeal.save(update_fields=["suggestion", "version", "updated_at"])
    activity_record(
        code="appeal.converted",
        actor=actor,
        subject=appeal,
        data={"suggestion": str(suggestion), "signers": [str(p) for p in signers]},
    )
    return appeal


def _category_label(code: str) -> str:
    return str(_(dict(settings.RENDA["APPEAL_CATEGORIES"]).get(code, code)))
