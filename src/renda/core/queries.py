"""Core reads."""

from __future__ import annotations

from .access import towns_visible_to
from .models import Town


def towns_for(*, user):
    """The towns the user may see (Town is the tenant itself, so it is filtered by id, not scoped)."""
    return Town.objects.filter(pk__in=towns_visible_to(user)).select_related("district")


# --- users and role grants (managed by district staff) ----------------------------------------------


def users_managed_by(*, user):
    """The accounts a district's staff manage: everyone with a role grant in their district or in one of
    its towns. Other users manage no accounts (an empty list). Users and grants are not town-scoped."""
    from django.db.models import Q

    from .access import grants_of
    from .models import User

    if getattr(user, "is_superuser", False):
        return User.objects.all().order_by("username", "id")
    districts = grants_of(user).district_ids
    if not districts:
        return User.objects.none()
    return (
        User.objects.filter(Q(grants__district_id__in=districts) | Q(grants__town__district_id__in=districts))
        .distinct()
        .order_by("username", "id")
    )


def user_get_for(*, user, pk: int):
    """One account the user manages; 404 for absent and for not theirs."""
    from django.http import Http404

    found = users_managed_by(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def role_grants_of(*, account):
    """An account's grants, oldest first (from the prefetch of `users_with_grants` when there is one)."""
    return sorted(account.grants.all(), key=lambda g: g.pk)


def users_with_grants(qs):
    """Accounts with their grants in one more query (for lists)."""
    from django.db.models import Prefetch

    from .models import RoleGrant

    return qs.prefetch_related(Prefetch("grants", queryset=RoleGrant.objects.order_by("id")))


def role_grant_get_for(*, user, pk: int):
    """One role grant in the user's district (404 for absent and for not theirs)."""
    from django.db.models import Q
    from django.http import Http404

    from .access import grants_of
    from .models import RoleGrant

    qs = RoleGrant.objects.select_related("user", "district", "town", "unit", "person")
    if not getattr(user, "is_superuser", False):
        districts = grants_of(user).district_ids
        qs = qs.filter(Q(district_id__in=districts) | Q(town__district_id__in=districts))
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def grant_targets(
    *, user, district_id: int | None, town_id: int | None, unit_id: int | None, person_id: int | None
) -> dict:
    """The district, town, handling unit and person a new grant names, among those the user may see;
    an unknown id is a validation error (the grant's own check then decides whether the user may grant)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .access import grants_of
    from .models import District, RoleGrant

    # The unit and person models are the registry's: reached through the grant's own foreign keys, so core
    # imports no app.
    HandlingUnit = RoleGrant._meta.get_field("unit").related_model
    Person = RoleGrant._meta.get_field("person").related_model
    visible = towns_visible_to(user)
    out: dict = {"district": None, "town": None, "unit": None, "person": None}
    lookups = [
        (
            "district",
            district_id,
            District.objects.filter(pk__in=grants_of(user).district_ids),
            _("区不存在"),
        ),
        ("town", town_id, Town.objects.filter(pk__in=visible), _("镇（街道）不存在")),
        ("unit", unit_id, HandlingUnit._default_manager.filter(town__in=visible), _("承办单位不存在")),
        ("person", person_id, Person._default_manager.filter(town__in=visible), _("人员不存在")),
    ]
    for name, pk, qs, message in lookups:
        if pk is None:
            continue
        if getattr(user, "is_superuser", False) and name == "district":
            qs = District.objects.all()
        found = qs.filter(pk=pk).first()
        if found is None:
            raise ValidationError({name: message})
        out[name] = found
    return out
