"""The public portal's guards and writes: rate limits (a fixed-window counter in Django's shared cache — Redis
or the database, never per process — per client address and per phone number), the single-use arithmetic
challenge, the client's address behind a trusted proxy, and the public appeal submission and tracking."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from renda.core.deadlines.status import clock_for, clock_summary
from renda.core.models import Town
from renda.core.permissions import require
from renda.receptions import queries as reception_queries
from renda.receptions import services as reception_services
from renda.receptions.enums import DayState
from renda.receptions.models import Appeal, PlaceCode, ReceptionDay

CHALLENGE_SALT = "renda.portal.challenge"
DONE_SALT = "renda.portal.done"
CN_NUMBERS = "零一二三四五六七八九十"


class RateLimited(Exception):
    """Too many attempts in the window: the message says so in Chinese."""


# ------------------------------------------------------------------------------------------ rate limits


def _key(name: str, ident: str, window: int) -> str:
    return f"renda:rl:{name}:{ident}:{int(time.time()) // window}"


def rate_limit_count(*, name: str, ident: str, window: int) -> int:
    return cache.get(_key(name, ident, window), 0)


def rate_limit_hit(*, name: str, ident: str, limit: int, window: int) -> bool:
    """Count one attempt; False when the window already had `limit` attempts (fixed window)."""
    key = _key(name, ident, window)
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


# ------------------------------------------------------------------------------------------ client address


# The client's address is core's (the login throttle uses the same one).
from renda.core.security import client_address  # noqa: E402,F401

# ------------------------------------------------------------------------------------------- challenge


def challenge_new() -> tuple[str, str]:
    """A simple sum in Chinese words and its signed token (the answer is kept as a keyed hash)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(8)
    token = signing.dumps(
        {
            "n": nonce,
            "t": time.time(),
            "h": salted_hmac(CHALLENGE_SALT, f"{nonce}:{a + b}", algorithm="sha256").hexdigest(),
        },
        salt=CHALLENGE_SALT,
    )
    question = _("%(a)s 加 %(b)s 等于几？（请填写阿拉伯数字）") % {"a": CN_NUMBERS[a], "b": CN_NUMBERS[b]}
    return question, token


def challenge_check(*, token: str, answer: str) -> None:
    r = settings.RENDA
    try:
        data = signing.loads(token, salt=CHALLENGE_SALT, max_age=r["APPEAL_CHALLENGE_MAX_AGE"])
    except signing.SignatureExpired as exc:
        raise ValidationError(_("页面停留时间过长，请重新填写验证题后提交")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("验证题无效，请刷新页面后重试")) from exc
    if time.time() - float(data.get("t", 0)) < r["APPEAL_MIN_SECONDS"]:
        raise ValidationError(_("提交过快，请核对内容后再提交"))
    expected = salted_hmac(
        CHALLENGE_SALT, f"{data.get('n')}:{(answer or '').strip()}", algorithm="sha256"
    ).hexdigest()
    if not secrets.compare_digest(expected, data.get("h", "")):
        raise ValidationError(_("验证题答案不正确，请重新计算"))
    # Single use: the first correct answer marks the nonce used in the shared cache (add is atomic there).
    if not cache.add(f"renda:challenge-used:{data.get('n')}", 1, timeout=r["APPEAL_CHALLENGE_MAX_AGE"] + 60):
        raise ValidationError(_("验证题已使用过，请刷新页面后重新填写验证题"))


# --------------------------------------------------------------------------------------- tenant resolution


def town_by_code(code: str) -> Town | None:
    return Town.objects.filter(code=(code or "").strip(), active=True).select_related("district").first()


def place_by_token(token: str) -> tuple[Town, ReceptionDay | None, object | None] | None:
    """The town and the place (reception day or liaison post) behind a QR token."""
    token = (token or "").strip()
    if not token:
        return None
    with scopes_disabled():  # tenant resolution for a public page: the token names the town
        day = (
            ReceptionDay.objects.filter(token=token)
            .exclude(state=DayState.DRAFT)
            .select_related("town")
            .first()
        )
        if day is not None:
            return day.town, day, None
        code = (
            PlaceCode.objects.filter(token=token, liaison_post__end_date=None)
            .select_related("town", "liaison_post")
            .first()
        )
        if code is not None:
            return code.town, None, code.liaison_post
    return None


# ------------------------------------------------------------------------------------------- submission


def public_appeal_submit(
    *,
    town: Town,
    data: dict,
    ip: str,
    challenge_token: str,
    challenge_answer: str,
    honeypot: str = "",
    reception_day: ReceptionDay | None = None,
    liaison_post=None,
    photos: list | None = None,
    actor,
) -> Appeal:
    """A voter's appeal from the portal or a QR code (`actor` is CITIZEN). Every refusal raises before anything
    is saved."""
    require(actor, "receptions.submit_appeal", reception_day or town)
    r = settings.RENDA
    if honeypot:
        raise ValidationError(_("提交未通过校验，请刷新页面后重试"))
    challenge_check(token=challenge_token, answer=challenge_answer)
    limit, window = r["APPEAL_RATE_PER_IP"]
    if not rate_limit_hit(name="appeal-ip", ident=ip, limit=limit, window=window):
        raise RateLimited(_("提交过于频繁，请稍后再试；如情况紧急，请直接拨打镇人大办公室电话"))
    phone = (data.get("citizen_phone") or "").strip()
    limit, window = r["APPEAL_RATE_PER_PHONE"]
    if phone and rate_limit_count(name="appeal-phone", ident=phone, window=window) >= limit:
        raise RateLimited(_("该手机号今日提交次数已达上限，请明天再提交，或通过查询码查看已提交诉求的进展"))
    with scope(town=[town.pk]):  # tenant resolution for a public page
        appeal = reception_services.appeal_submit(
            town=town,
            data={**data, "source": "online"},
            actor=actor,
            reception_day=reception_day,
            liaison_post=liaison_post,
            photos=photos,
        )
    if phone:
        rate_limit_hit(name="appeal-phone", ident=phone, limit=limit, window=window)
    return appeal


def done_token(appeal: Appeal) -> str:
    return signing.dumps(appeal.tracking_code, salt=DONE_SALT)


def done_code(token: str) -> str | None:
    try:
        return signing.loads(token, salt=DONE_SALT, max_age=3600)
    except signing.BadSignature:
        return None


# --------------------------------------------------------------------------------------------- tracking


def track(*, tracking_code: str, phone_last4: str, ip: str) -> Appeal | None:
    """Status and reply for the code plus the phone's last four digits; failed guesses are rate-limited."""
    limit, window = settings.RENDA["TRACK_FAILURES_PER_IP"]
    if rate_limit_count(name="track-fail", ident=ip, window=window) >= limit:
        raise RateLimited(_("查询失败次数过多，请一小时后再试"))
    with scopes_disabled():  # tenant resolution for a public page: the tracking code names the town
        appeal = reception_queries.appeal_by_tracking(tracking_code=tracking_code, phone_last4=phone_last4)
    if appeal is None:
        rate_limit_hit(name="track-fail", ident=ip, limit=limit, window=window)
    return appeal


def track_due_provisional(appeal: Appeal) -> bool:
    """Whether the appeal's reply due date rests on a provisional calendar year (the holidays of a year it
    crosses are computed, not published): the portal shows the same 暂定 notice as the staff pages."""
    with scope(town=[appeal.town_id]):  # tenant resolution for a public page: the appeal names the town
        summary = clock_summary(clock_for(subject=appeal, kind=reception_services.APPEAL_CLOCK))
    return bool(summary and summary.provisional)


def voter_feedback(
    *, tracking_code: str, phone_last4: str, satisfaction: str, note: str, second_look: bool, ip: str, actor
):
    """The voter's satisfaction with the reply (`actor` is CITIZEN)."""
    require(actor, "receptions.give_feedback")
    appeal = track(tracking_code=tracking_code, phone_last4=phone_last4, ip=ip)
    if appeal is None:
        raise PermissionDenied(_("查询码或手机号后四位不正确"))
    with scope(town=[appeal.town_id]):  # tenant resolution for a public page
        return reception_services.appeal_feedback_by_voter(
            tracking_code=appeal.tracking_code,
            phone_last4=phone_last4,
            satisfaction=satisfaction,
            note=note,
            second_look=second_look,
            actor=actor,
        )
