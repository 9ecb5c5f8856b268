"""Core writes: users, role grants, API tokens. Each writes its audit row."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import grants_changed
from .audit import activity_record
from .enums import Role
from .errors import Conflict
from .models import ApiToken, District, RoleGrant, Town, User
from .permissions import require


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    display_name: str = "",
    actor,
    password_hash: str | None = None,
    **extra,
) -> User:
    """A user account; `password_hash`, when given, is that password already hashed (the demo hashes its
    shared password once for all its accounts)."""
    require(actor, "core.user_create")
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("用户名 %(name)s 已存在") % {"name": username})
    user = User(username=username, display_name=display_name, **extra)
    if password_hash is not None:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    activity_record(code="user.created", actor=actor, subject=user, data={"username": username})
    return user


@transaction.atomic
def user_change_password(*, user: User, old_password: str, new_password: str, actor) -> None:
    """One's own password, given the old one (the validators are the form's); audited."""
    require(actor, "core.user_change_password", user)
    if not user.check_password(old_password):
        raise ValidationError(_("原密码不正确"))
    user.set_password(new_password)
    user.save(update_fields=["password"])
    activity_record(code="user.password_changed", actor=actor, subject=user)


def user_set_language(*, user: User, language: str, actor) -> None:
    """One's own language, kept on the account so that it follows the user to the next login."""
    require(actor, "core.user_set_language", user)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("不支持的语言"))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def role_grant_create(
    *,
    user: User,
    role: str,
    actor,
    district: District | None = None,
    town: Town | None = None,
    unit=None,
    person=None,
) -> RoleGrant:
    require(
        actor,
        "core.account_manage",
        _grant_district_id(role=role, district=district, town=town, unit=unit, person=person),
    )
    if role == Role.DISTRICT_STAFF:
        if district is None:
            raise ValidationError(_("区人大常委会工作人员须指定所属区"))
        town = None
    else:
        town = town or getattr(unit, "town", None) or getattr(person, "town", None)
        if town is None:
            raise ValidationError(_("该角色须指定镇（街道）"))
        district = town.district
    if role == Role.UNIT_CLERK and unit is None:
        raise ValidationError(_("承办单位经办人须指定承办单位"))
    if role in (Role.DEPUTY, Role.PRESIDIUM) and person is None:
        raise ValidationError(_("代表和主席团成员须关联人员档案"))
    grant = RoleGrant.objects.create(
        user=user, role=role, district=district, town=town, unit=unit, person=person
    )
    activity_record(
        code="user.granted",
        actor=actor,
        subject=user,
        town=town,
        data={"role": role, "town": town, "district": district, "unit": unit, "person": person},
    )
    user.__dict__.pop("_renda_grants", None)
    grants_changed()
    return grant


@transaction.atomic
def town_update(*, town: Town, data: dict, actor) -> Town:
    """District staff keep a town's resident population (it sets the legal size of its congress) and name."""
    require(actor, "core.town_update", town)
    allowed = {"population", "name", "active"}
    before = {k: getattr(town, k) for k in allowed if k in data}
    for name, value in data.items():
        if name not in allowed:
            raise ValidationError(_("不能修改该字段：%(f)s") % {"f": name})
        setattr(town, name, value)
    town.full_clean()
    town.save(
        update_fields=[
            *data,
        ]
    )
    diff = {k: [before[k], getattr(town, k)] for k in before if before[k] != getattr(town, k)}
    if diff:
        activity_record(code="town.updated", actor=actor, subject=town, town=town, data=diff)
    return town


def api_token_create(*, username: str, password: str, request=None, otp: str = "") -> str:
    """Exchange a username and password (and, for staff under RENDA["STAFF_2FA"], a TOTP code) for a bearer
    token; only its digest is kept. The request goes to authenticate() so the login throttle counts the try
    (code outside a request gets a bare one: counted by username); that runs outside the token's transaction,
    so a refused try stays counted."""
    from django.http import HttpRequest
    from django_otp import match_token

    from .security import user_needs_two_factor

    request = request if request is not None else HttpRequest()
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise PermissionError(_("用户名或密码不正确"))
    if user_needs_two_factor(user) and (not otp or match_token(user, otp) is None):
        raise PermissionError(_("动态口令不正确"))
    with transaction.atomic():
        key = secrets.token_urlsafe(32)
        ApiToken.objects.create(
            user=user,
            digest=_digest(key),
            expires_at=timezone.now() + dt.timedelta(days=settings.RENDA["API_TOKEN_DAYS"]),
        )
        activity_record(code="user.token_created", actor=user, subject=user)
    return key


def totp_device_for_enrolment(*, user: User):
    """The user's unconfirmed TOTP device (made on first call): its QR code is shown until a code confirms it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=_("动态口令"), confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device, token: str, actor) -> None:
    """Confirm a newly enrolled TOTP device with a code it shows."""
    require(actor, "core.totp_confirm", device)
    if not device.verify_token(token):
        raise ValidationError(_("动态口令不正确"))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    activity_record(code="user.otp_enrolled", actor=actor, subject=device.user)


def user_for_token(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(key), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    return token.user if token else None


# --- accounts managed by district staff (the API's users and grants) ---------------------------------

USER_EDIT_FIELDS = ("display_name", "phone", "is_active")


def user_version(user: User) -> int:
    """The version an edit of the account must name (users have no version column: a fingerprint)."""
    from .api_parts import fingerprint

    grants = sorted(g.pk for g in user.grants.all())
    return fingerprint(*(getattr(user, f) for f in USER_EDIT_FIELDS), *grants)


def _grant_district_id(*, role: str, district=None, town=None, unit=None, person=None) -> int | None:
    if role == Role.DISTRICT_STAFF:
        return getattr(district, "pk", None)
    town = town or getattr(unit, "town", None) or getattr(person, "town", None)
    return getattr(town, "district_id", None)


def _require_accounts_of(actor, district_id: int | None) -> None:
    """Only the district's staff (or a superuser) manage the accounts of that district and its towns."""
    from django.core.exceptions import PermissionDenied

    try:
        require(actor, "core.account_manage", district_id)
    except PermissionDenied:
        if actor is None:
            raise
        raise PermissionDenied(_("只有本区人大常委会工作人员可以管理账号和角色")) from None


def _check_grant_scope(*, town=None, unit=None, person=None) -> None:
    """The unit or person of a grant belongs to the grant's town."""
    for obj in (unit, person):
        if obj is not None and town is not None and obj.town_id != town.pk:
            raise ValidationError(_("承办单位或人员不属于所选镇（街道）"))


@transaction.atomic
def user_account_create(
    *, username: str, password: str, display_name: str, phone: str = "", grants: list[dict], actor
) -> User:
    """District staff open an account with its first role grants (each in their district); audited."""
    from django.contrib.auth.password_validation import validate_password

    require(actor, "core.user_create")
    if not grants:
        raise ValidationError({"grants": _("请至少授予一个角色")})
    for g in grants:
        _require_accounts_of(actor, _grant_district_id(**g))
        _check_grant_scope(**{k: g.get(k) for k in ("town", "unit", "person")})
    if not username.strip():
        raise ValidationError({"username": _("请填写用户名")})
    validate_password(password, User(username=username, display_name=display_name))
    user = user_create(
        username=username.strip(), password=password, display_name=display_name, phone=phone, actor=actor
    )
    for g in grants:
        role_grant_create(user=user, actor=actor, **g)
    return user


@transaction.atomic
def user_account_update(*, user: User, data: dict, actor, version: int | None = None) -> User:
    """Name, phone, active or not (a deactivated account cannot sign in); audited with the changes."""
    districts = {_grant_district_id(role=g.role, district=g.district, town=g.town) for g in user.grants.all()}
    for d in districts or {None}:
        _require_accounts_of(actor, d)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if version is not None and user_version(locked) != version:
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))
    unknown = set(data) - set(USER_EDIT_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改该字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    if data.get("is_active") is False and locked.pk == getattr(actor, "pk", None):
        raise ValidationError({"is_active": _("不能停用自己的账号")})
    before = {k: getattr(locked, k) for k in data}
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["password", "username"])
    if data:
        locked.save(update_fields=[*data])
    diff = {k: [before[k], getattr(locked, k)] for k in before if before[k] != getattr(locked, k)}
    if diff:
        activity_record(code="user.updated", actor=actor, subject=locked, data=diff)
    if "is_active" in diff:
        grants_changed()
    return locked


@transaction.atomic
def role_grant_add(
    *,
    user: User,
    role: str,
    actor,
    district=None,
    town=None,
    unit=None,
    person=None,
    version: int | None = None,
) -> RoleGrant:
    """A further role for an account, in the actor's district; audited on the user."""
    _require_accounts_of(
        actor, _grant_district_id(role=role, district=district, town=town, unit=unit, person=person)
    )
    _check_grant_scope(town=town, unit=unit, person=person)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if version is not None and user_version(locked) != version:
        raise Conflict(_("该记录已被他人修改，请刷新后重试"))
    if role == Role.DISTRICT_STAFF:
        same = {"district": district, "town": None}
    else:
        same = {"town": town or getattr(unit, "town", None) or getattr(person, "town", None)}
    if RoleGrant.objects.filter(user=locked, role=role, unit=unit, person=person, **same).exists():
        raise ValidationError(_("该用户已有此角色"))
    return role_grant_create(
        user=locked, role=role, actor=actor, district=district, town=town, unit=unit, person=person
    )


@transaction.atomic
def role_grant_revoke(*, grant: RoleGrant, actor) -> None:
    """Take one role away (the account keeps its history); the last role cannot go: deactivate instead."""
    _require_accounts_of(actor, _grant_district_id(role=grant.role, district=grant.district, town=grant.town))
    locked = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    user = locked.user
    if user.grants.count() <= 1:
        raise ValidationError(_("这是该用户的最后一个角色；如不再使用该账号，请停用账号"))
    data = {
        "role": locked.role,
        "town": locked.town,
        "district": locked.district,
        "unit": locked.unit,
        "person": locked.person,
    }
    town = locked.town
    locked.delete()
    activity_record(code="user.revoked", actor=actor, subject=user, town=town, data=data)
    user.__dict__.pop("_renda_grants", None)
    grants_changed()


@transaction.atomic
def login_lockout_clear(*, account: User, actor) -> int:
    """Lift an account's lockout before its cool-off ends (django-axes' attempt rows of that name go)."""
    require(actor, "core.lockout_clear", account)
    from axes.utils import reset

    count = reset(username=account.username)
    activity_record(code="user.unlocked", actor=actor, subject=account, town=None, data={"attempts": count})
    return count
