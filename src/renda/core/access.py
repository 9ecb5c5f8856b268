"""Who may see which towns: the one place that turns role grants into a town scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction

from .enums import Role
from .models import RoleGrant, Town, User


@dataclass(frozen=True)
class Grants:
    """A user's role grants: kept on the user object for the request, and across requests in the shared cache
    under the grants version (decision 0007), so a request reads them in one cache look-up."""

    roles: dict[str, frozenset[int]] = field(default_factory=dict)  # role -> town ids it applies to
    district_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    person_ids: frozenset[int] = frozenset()
    visible_town_ids: tuple[int, ...] = ()
    # (id, name) of the visible towns in name order when there are two or more (a district's staff): the town
    # column and filter of the lists, read with the grants (no query of its own).
    town_names: tuple[tuple[int, str], ...] = ()

    def has(self, role: str, town_id: int | None = None) -> bool:
        towns = self.roles.get(role)
        if towns is None:
            return False
        return town_id is None or town_id in towns


EMPTY = Grants()
GRANTS_KEY = "renda:grants"
GRANTS_VERSION_KEY = "renda:grants:version"
GRANTS_TIMEOUT = 24 * 3600  # an entry outlives no version change; the timeout only bounds the cache's size

# Other per-user cache entries a request needs (user id -> keys), read in the same round trip as the grants
# and kept on the user object (`_renda_prefetched`: this process's PREFETCH_WRITES when read, and the entries);
# core.notifications registers the unread count's. A write in this process that changes such an entry calls
# `prefetched_stale()`, so that a read later in the same request (after a POST's step) looks again.
PREFETCH: list = []
PREFETCH_WRITES = [0]


def prefetched_stale() -> None:
    PREFETCH_WRITES[0] += 1


def grants_of(user: User | AnonymousUser) -> Grants:
    if not getattr(user, "is_authenticated", False):
        return EMPTY
    cached = getattr(user, "_renda_grants", None)
    if cached is not None:
        return cached
    key = f"{GRANTS_KEY}:{user.pk}"
    keys = [GRANTS_VERSION_KEY, key, *(k for keys_of in PREFETCH for k in keys_of(user.pk))]
    found = cache.get_many(keys)  # one round trip: the version, this user's entry and the prefetched entries
    user._renda_prefetched = (PREFETCH_WRITES[0], {k: found.get(k) for k in keys[2:]})  # type: ignore[union-attr]
    version, entry = found.get(GRANTS_VERSION_KEY), found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        user._renda_grants = entry[1]  # type: ignore[union-attr]
        return entry[1]
    grants = _load(user)
    if version is None:  # no version yet (a fresh or flushed cache): start one; a racing process may win
        version = uuid.uuid4().hex
        if not cache.add(GRANTS_VERSION_KEY, version, None):
            version = None
    if version is not None:
        cache.set(key, (version, grants), GRANTS_TIMEOUT)
    user._renda_grants = grants  # type: ignore[union-attr]  # the grants, cached on the request's user
    return grants


def _load(user: User | AnonymousUser) -> Grants:
    rows = list(
        RoleGrant.objects.filter(user=user.pk).values_list(
            "role", "district_id", "town_id", "unit_id", "person_id"
        )
    )
    district_ids = {d for role, d, *_ in rows if role == Role.DISTRICT_STAFF and d}
    known = (  # a district's towns, with their names for the lists' town column (one query)
        dict(Town.objects.filter(district_id__in=district_ids).values_list("id", "name"))
        if district_ids
        else {}
    )
    district_town_ids = set(known)
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
    names: tuple[tuple[int, str], ...] = ()
    if len(visible) > 1:
        if not visible <= set(known):
            known = dict(Town.objects.filter(id__in=visible).values_list("id", "name"))
        names = tuple(sorted(((pk, known[pk]) for pk in visible), key=lambda t: (t[1], t[0])))
    return Grants(
        roles={k: frozenset(v) for k, v in roles.items()},
        district_ids=frozenset(district_ids),
        unit_ids=frozenset(u for _r, _d, _t, u, _p in rows if u),
        person_ids=frozenset(p for _r, _d, _t, _u, p in rows if p),
        visible_town_ids=tuple(sorted(visible)),
        town_names=names,
    )


def grants_changed() -> None:
    """Every cached Grants is stale from now on: a RoleGrant row, a district's towns, or an account's active or
    superuser flag changed. Called by core.services and, for writes outside them (seeding, the admin, the
    shell), by the signals in `connect_signals`. The version is replaced at once (a later read in this
    transaction sees the change) and again after commit, so that grants another request read from the database
    before the commit and cached under the new version are dropped too."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(GRANTS_VERSION_KEY, uuid.uuid4().hex, None)


def _on_save(sender, instance=None, created=False, update_fields=None, **_kw) -> None:
    relevant = {User: {"is_active", "is_superuser"}, Town: {"district", "district_id", "name"}}.get(sender)
    if relevant is not None and update_fields is not None and not relevant & set(update_fields):
        return  # a login's last_login, a password, a town's population: no grant changes (a name is in them)
    grants_changed()


def _on_login(sender, request=None, user=None, **_kw) -> None:
    if user is not None:  # the first page after signing in reads its grants from the cache, like every other
        user.__dict__.pop("_renda_grants", None)
        user.__dict__.pop("_renda_prefetched", None)
        grants_of(user)


def connect_signals() -> None:
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import post_delete, post_save

    user_logged_in.connect(_on_login, dispatch_uid="renda.grants.login")

    for model in (RoleGrant, Town, User):
        post_save.connect(_on_save, sender=model, dispatch_uid=f"renda.grants.save.{model.__name__}")
        post_delete.connect(_on_save, sender=model, dispatch_uid=f"renda.grants.delete.{model.__name__}")


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


def town_choices_for(user: User | AnonymousUser) -> tuple[tuple[int, str], ...]:
    """The towns a list's town column and filter offer: the user's visible towns when they are two or more (a
    district's staff), else none (the column is hidden). Read with the grants: no query."""
    return grants_of(user).town_names
