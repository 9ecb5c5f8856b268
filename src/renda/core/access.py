"""Who may see which towns: the one place that turns role grants into a town scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from .enums import Role
from .models import RoleGrant, Town, User


@dataclass(frozen=True)
class Grants:
    """A user's role grants, loaded once per request (two queries) and kept on the user object."""

    roles: dict[str, frozenset[int]] = field(default_factory=dict)  # role -> town ids it applies to
    district_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    person_ids: frozenset[int] = frozenset()
    visible_town_ids: tuple[int, ...] = ()

    def has(self, role: str, town_id: int | None = None) -> bool:
        towns = self.roles.get(role)
        if towns is None:
            return False
        return town_id is None or town_id in towns


EMPTY = Grants()


def grants_of(user: User | AnonymousUser) -> Grants:
    if not getattr(user, "is_authenticated", False):
        return EMPTY
    cached = getattr(user, "_renda_grants", None)
    if cached is not None:
        return cached
    rows = list(
        RoleGrant.objects.filter(user=user.pk).values_list(
            "role", "district_id", "town_id", "unit_id", "person_id"
        )
    )
    district_ids = {d for role, d, *_ in rows if role == Role.DISTRICT_STAFF and d}
    district_town_ids = (
        set(Town.objects.filter(district_id__in=district_ids).values_list("id", flat=True))
        if district_ids
        else set()
    )
    roles: dict[str, set[int]] = {}
    for role, _district, town, _unit, _person in rows:
        roles.setdefault(role, set())
        if role == Role.DISTRICT_STAFF:
            roles[role] |= district_town_ids
        elif town:
            roles[role].add(town)
    visible = set().union(*roles.values()) if roles else set()
    if user.is_superuser:
        visible |= set(Town.objects.values_list("id", flat=True))
    grants = Grants(
        roles={k: frozenset(v) for k, v in roles.items()},
        district_ids=frozenset(district_ids),
        unit_ids=frozenset(u for _r, _d, _t, u, _p in rows if u),
        person_ids=frozenset(p for _r, _d, _t, _u, p in rows if p),
        visible_town_ids=tuple(sorted(visible)),
    )
    user._renda_grants = grants  # type: ignore[union-attr]  # the grants, cached on the request's user
    return grants


def towns_visible_to(user: User | AnonymousUser) -> list[int]:
    """Ids of the towns whose records the user may see: the scope of every request."""
    return list(grants_of(user).visible_town_ids)


def user_is_staff_for(user: User | AnonymousUser, town_id: int) -> bool:
    """Town congress office staff of that town, or the district's standing-committee staff."""
    g = grants_of(user)
    return (
        g.has(Role.TOWN_STAFF, town_id)
        or g.has(Role.DISTRICT_STAFF, town_id)
        or bool(getattr(user, "is_superuser", False))
    )


def user_is_district_staff(user: User | AnonymousUser) -> bool:
    return Role.DISTRICT_STAFF in grants_of(user).roles or bool(getattr(user, "is_superuser", False))
