"""Suggestion reads: which suggestions a user may see, in which capacity, and the figures of a year.

Town staff (and district staff) see every submitted suggestion of their towns, and drafts they entered;
a deputy sees what they signed; a unit clerk sees what is assigned to their unit; a presidium member
sees the key suggestions they supervise. The request's town scope limits every query further."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from renda.core.access import grants_of, user_is_staff_for
from renda.core.enums import Role

from .models import (
    KeyNotice,
    State,
    Suggestion,
    SuggestionAssignment,
    SuggestionAttachment,
)

STAFF_ROLES = (Role.TOWN_STAFF, Role.DISTRICT_STAFF)


def staff_town_ids(user) -> list[int]:
    g = grants_of(user)
    ids: set[int] = set()
    for role in STAFF_ROLES:
        ids |= g.roles.get(role, frozenset())
    if getattr(user, "is_superuser", False):
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def _visibility(user) -> Q:
    g = grants_of(user)
    q = Q(pk__in=[])
    staff = staff_town_ids(user)
    if staff:
        q |= Q(town__in=staff) & (~Q(state=State.DRAFT) | Q(created_by=user))
    if g.person_ids:
        q |= Q(signers__person__in=list(g.person_ids))
        q |= Q(is_key=True, supervisors__person__in=list(g.person_ids))
    if g.unit_ids:
        q |= Q(assignments__unit__in=list(g.unit_ids)) & ~Q(state=State.DRAFT)
    return q


def suggestions_visible_to(*, user) -> QuerySet[Suggestion]:
    ids = Suggestion.objects.filter(_visibility(user)).values("pk")
    return Suggestion.objects.filter(pk__in=ids).select_related("town", "lead_person", "lead_unit")


def suggestion_get_for(*, user, pk) -> Suggestion:
    s = suggestions_visible_to(user=user).filter(pk=pk).first()
    if s is None:
        raise Http404
    return s


def user_is_staff_of(user, suggestion: Suggestion) -> bool:
    return user_is_staff_for(user, suggestion.town_id)


def unit_ids_of(user) -> frozenset[int]:
    return grants_of(user).unit_ids


def person_ids_of(user) -> frozenset[int]:
    return grants_of(user).person_ids


def attachment_get_for(*, user, pk) -> SuggestionAttachment:
    a = SuggestionAttachment.objects.filter(pk=pk).select_related("suggestion").first()
    if a is None or not suggestions_visible_to(user=user).filter(pk=a.suggestion_id).exists():
        raise Http404
    return a


def assignments_of_unit(*, user) -> QuerySet[SuggestionAssignment]:
    return SuggestionAssignment.objects.filter(unit__in=list(unit_ids_of(user))).select_related(
        "suggestion", "unit"
    )


def key_notices_visible_to(*, user) -> QuerySet[KeyNotice]:
    return KeyNotice.objects.filter(town__in=staff_town_ids(user)).select_related("town")


def key_notice_get_for(*, user, pk) -> KeyNotice:
    n = key_notices_visible_to(user=user).filter(pk=pk).first()
    if n is None:
        raise Http404
    return n
