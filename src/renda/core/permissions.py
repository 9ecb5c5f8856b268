"""The one check every service makes: `require(actor, perm, obj)`.

Permissions are `rules` predicates, declared in each app's `rules.py` (imported in its `AppConfig.ready()`) with
`rules.add_perm("suggestions.review", predicate)`. A service calls `require` itself, so a page or API handler
that forgets a check cannot skip it. The actor is a User, `SYSTEM` (always allowed: sweeps, seeding, the demo)
or `CITIZEN` (allowed only where a permission's predicate says `is_citizen`); `None` is refused.

Predicates here are the shared building blocks; they take (user, obj) where obj is a town-owned record, a Town,
or None.
"""

from __future__ import annotations

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext as _

from .access import grants_of, user_is_district_staff, user_is_staff_for
from .actors import CITIZEN, SYSTEM
from .enums import Role


def require(actor, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless `actor` holds `perm` on `obj` (SYSTEM holds every permission)."""
    if actor is None:
        raise PermissionDenied(_("未指明操作人"))
    if not rules.perm_exists(perm):
        raise ImproperlyConfigured(f"unknown permission {perm!r}")
    if actor is SYSTEM:
        return
    if not rules.has_perm(perm, actor, obj):
        raise PermissionDenied(_("无权进行此操作"))


def allowed(actor, perm: str, obj=None) -> bool:
    """`require` as a yes/no, for what a page offers."""
    if actor is None:
        return False
    return actor is SYSTEM or rules.has_perm(perm, actor, obj)


def town_id_of(obj) -> int | None:
    """The town an object belongs to: a Town itself, or a record's `town_id`."""
    if obj is None:
        return None
    from .models import Town

    if isinstance(obj, Town):
        return obj.pk
    return getattr(obj, "town_id", None)


@rules.predicate
def is_citizen(user) -> bool:
    return user is CITIZEN


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_authenticated", False))


@rules.predicate
def is_staff_of_town(user, obj) -> bool:
    """Town congress office staff of the object's town, or the district's staff over it."""
    town_id = town_id_of(obj)
    return bool(is_signed_in(user) and town_id is not None and user_is_staff_for(user, town_id))


@rules.predicate
def is_district_staff(user) -> bool:
    return bool(is_signed_in(user) and user_is_district_staff(user))


def has_role_in_town(role: str) -> rules.Predicate:
    """A predicate: the user holds `role` in the object's town."""

    def check(user, obj) -> bool:
        town_id = town_id_of(obj)
        return bool(is_signed_in(user) and town_id is not None and grants_of(user).has(role, town_id))

    return rules.Predicate(check, name=f"has_role_{role}")


is_presidium_of_town = has_role_in_town(Role.PRESIDIUM)
