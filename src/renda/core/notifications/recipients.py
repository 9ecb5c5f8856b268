"""Who gets a notification: role grants turned into user ids, in one query each.

RoleGrant is not town-scoped (the sweep and on-commit senders run outside any request scope), so these read it
directly; the callers name the town, unit or persons the message is about.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..enums import Role
from ..models import RoleGrant, User


def user_ids_with_role(
    *,
    role: str,
    town_id: int | None = None,
    unit_id: int | None = None,
    person_ids: Iterable[int] | None = None,
    supervising_suggestion_id=None,
) -> list[int]:
    """Users holding `role`, narrowed to a town, a handling unit, some persons (deputies) or the presidium
    members supervising one key suggestion; in grant order, each user once. A deactivated account gets none."""
    qs = RoleGrant.objects.filter(role=role, user__is_active=True)
    if town_id is not None:
        qs = qs.filter(town_id=town_id)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    if supervising_suggestion_id is not None:
        qs = qs.filter(person__supervised_suggestions__suggestion_id=supervising_suggestion_id)
    return list(dict.fromkeys(qs.order_by("id").values_list("user_id", flat=True)))


def users_of_deputies(person_ids: Iterable[int]) -> list[User]:
    """The active accounts of these deputies (a deputy may have none)."""
    return list(
        User.objects.filter(grants__role=Role.DEPUTY, grants__person_id__in=list(person_ids), is_active=True)
        .distinct()
        .order_by("id")
    )


def users_with_role(*, role: str, town_id: int | None = None, person_id: int | None = None) -> list[User]:
    """The active accounts holding `role` (in a town, or for one person), by id."""
    qs = User.objects.filter(grants__role=role, is_active=True)
    if town_id is not None:
        qs = qs.filter(grants__town_id=town_id)
    if person_id is not None:
        qs = qs.filter(grants__person_id=person_id)
    return list(qs.distinct().order_by("id"))
