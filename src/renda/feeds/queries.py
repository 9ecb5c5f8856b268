"""Reads of the feeds app (one access function per aggregate)."""

from __future__ import annotations

from .models import FeedToken


def feed_token_active_for(*, user) -> FeedToken | None:
    """The user's active token, or None."""
    return FeedToken.objects.filter(user=user, revoked_at=None).first()


def feed_token_owner(token: str):
    """The active user an active token names, or None (an unknown or revoked token names nobody)."""
    if not token:
        return None
    row = (
        FeedToken.objects.select_related("user")
        .filter(token=token, revoked_at=None, user__is_active=True)
        .first()
    )
    return row.user if row else None


def clocks_owned_by(*, user, start, end):
    """The running deadlines the user owns, due in [start, end]: they are its handler, it is their handling
    unit's, or it runs for them as a deputy (the inbox's "mine")."""
    from django.db.models import Q

    from renda.core.access import grants_of
    from renda.core.deadlines.models import Clock

    g = grants_of(user)
    mine = Q(handler=user) | Q(unit__in=list(g.unit_ids)) | Q(person__in=list(g.person_ids))
    return Clock.unscoped.filter(mine, stopped_at=None, due_date__gte=start, due_date__lte=end).order_by(
        "due_date", "id"
    )
