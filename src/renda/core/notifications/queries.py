"""Inbox reads. Run inside the request's town scope; a user only ever reads their own notifications."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.http import Http404
from django_scopes import scope

from ..access import PREFETCH, PREFETCH_WRITES, grants_of, prefetched_stale
from .models import Notification

# The unread count (the navigation's badge on every page, and the API's count) is kept in the shared cache
# under a per-user inbox version that every write changing it replaces (`inbox_changed`): a new notification,
# one or all marked read, a row saved or deleted elsewhere. The entry also records the towns it was counted in
# (the request's scope), so a change of grants is a miss too. Read with the grants in one cache round trip.
INBOX_KEY = "renda:inbox"
INBOX_TIMEOUT = 24 * 3600  # only bounds the cache's size: every change replaces the version


def _keys(user_id: int) -> list[str]:
    return [f"{INBOX_KEY}:{user_id}:version", f"{INBOX_KEY}:{user_id}:unread"]


PREFETCH.append(_keys)


def notifications_for(*, user, unread_only: bool = False, town: int | None = None):
    """The user's messages, newest first; only one town's when `town` is given (district staff's filter)."""
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    if town:
        qs = qs.filter(town=town)
    return qs.filter(read_at=None) if unread_only else qs


def notification_unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    towns = grants_of(user).visible_town_ids  # also reads the entries below (core.access.PREFETCH)
    vkey, key = _keys(user.pk)
    writes, found = getattr(user, "_renda_prefetched", None) or (None, {})
    if vkey not in found or writes != PREFETCH_WRITES[0]:
        found = cache.get_many([vkey, key])
    version, entry = found.get(vkey), found.get(key)
    if version is not None and entry is not None and entry[0] == version and entry[1] == towns:
        return entry[2]
    if version is None:  # a fresh or flushed cache: start a version (a racing process may win)
        version = uuid.uuid4().hex
        if not cache.add(vkey, version, None):
            version = None
    # The version was read before the count: a change committed after this read replaces it, so a count
    # that misses that change is never used.
    with scope(town=list(towns)):  # the user's towns, whatever the page scopes to (a public page)
        count = Notification.objects.filter(user=user, read_at=None).count()
    if version is not None:
        cache.set(key, (version, towns, count), INBOX_TIMEOUT)
        found = {**found, vkey: version, key: (version, towns, count)}
        user._renda_prefetched = (PREFETCH_WRITES[0], found)  # a second read in this request needs no look-up
    return count


def inbox_changed(user_ids) -> None:
    """These users' cached unread counts are stale: at once (a later read in this transaction) and after
    commit (a count another request read before the commit is dropped too)."""
    from django.db import transaction

    ids = {int(u) for u in user_ids if u}
    if not ids:
        return

    def bump() -> None:
        cache.set_many({_keys(u)[0]: uuid.uuid4().hex for u in ids}, None)

    bump()
    prefetched_stale()
    transaction.on_commit(bump)


def _on_write(sender, instance=None, **_kw) -> None:
    if instance is not None:
        inbox_changed([instance.user_id])


def _on_login(sender, request=None, user=None, **_kw) -> None:
    if user is not None:  # the first page after signing in finds the count in the cache, like every other
        notification_unread_count(user=user)


def inbox_connect_signals() -> None:
    """Writes outside the services (the admin, the shell, a user's deletion cascading) change the count too."""
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import post_delete, post_save

    user_logged_in.connect(_on_login, dispatch_uid="renda.inbox.login")
    post_save.connect(_on_write, sender=Notification, dispatch_uid="renda.inbox.save")
    post_delete.connect(_on_write, sender=Notification, dispatch_uid="renda.inbox.delete")


def notification_get_for(*, user, pk: int) -> Notification:
    """404 for both "absent" and "not yours"."""
    try:
        return Notification.objects.get(pk=pk, user=user)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
