"""Issuing and revoking a user's calendar feed token."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from renda.core.audit import activity_record
from renda.core.permissions import require

from ..models import FeedToken


def _revoke_active(user) -> int:
    return FeedToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


@transaction.atomic
def feed_token_issue(*, user, actor) -> FeedToken:
    """A new secret feed URL for the user; the old one (if any) stops working."""
    require(actor, "feeds.manage", user)
    revoked = _revoke_active(user)
    token = FeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))
    activity_record(code="feeds.token_issued", actor=actor, subject=user, data={"replaced": bool(revoked)})
    return token


@transaction.atomic
def feed_token_revoke(*, user, actor) -> bool:
    """Revoke the user's feed URL; False when there was none."""
    require(actor, "feeds.manage", user)
    revoked = _revoke_active(user)
    if revoked:
        activity_record(code="feeds.token_revoked", actor=actor, subject=user)
    return bool(revoked)
