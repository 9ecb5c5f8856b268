"""Notification writes: send (inbox row + delivery by preference), deliver by e-mail and SMS, daily digests,
mark read, preferences. Delivery runs as a task after commit; it is idempotent, so a retry sends nothing twice."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..audit import CODE_LABELS, activity_record
from ..site import absolute
from .messages import render_body, render_title
from .models import Delivery, Notification, NotificationKind, NotificationPreference
from .queries import inbox_changed
from .sms import sms_send

log = logging.getLogger(__name__)

CODE_LABELS.update(
    {
        "notification.read": gettext_lazy("消息已读"),
        "notification.all_read": gettext_lazy("全部消息已读"),
        "notification.preferences_updated": gettext_lazy("修改消息偏好"),
    }
)


def default_delivery() -> str:
    return settings.RENDA.get("NOTIFICATION_DEFAULT_DELIVERY", Delivery.IMMEDIATE)


def preferences_of(user_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    """(user id, kind) -> delivery, for the users given (one query)."""
    rows = NotificationPreference.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "kind", "delivery"
    )
    return {(u, k): d for u, k, d in rows}


def preferences_for(user) -> dict[str, str]:
    prefs = preferences_of([user.pk])
    return {kind: prefs.get((user.pk, kind), default_delivery()) for kind in NotificationKind.values}


def _prepare(n: Notification, prefs: dict[tuple[int, str], str]) -> str:
    """Decide the delivery of a new notification: statutory ones always go out at once."""
    delivery = Delivery.IMMEDIATE if n.statutory else prefs.get((n.user_id, n.kind), default_delivery())
    n.digest_pending = delivery == Delivery.DIGEST
    return delivery


def _enqueue_delivery(ids: list[int]) -> None:
    if not ids:
        return
    from ..tasks import notifications_deliver

    transaction.on_commit(lambda: notifications_deliver.enqueue(ids))


def notifications_create(notifications: list[Notification]) -> list[Notification]:
    """Insert many notifications at once (the sweep) and schedule the immediate ones after commit."""
    prefs = preferences_of({n.user_id for n in notifications})
    immediate = []
    for n in notifications:
        if _prepare(n, prefs) == Delivery.IMMEDIATE:
            immediate.append(n)
    created = Notification.unscoped.bulk_create(notifications, batch_size=500)
    inbox_changed(n.user_id for n in created)
    _enqueue_delivery([n.pk for n in immediate if n.pk])
    return created


@transaction.atomic
def notification_send(
    *,
    user,
    town,
    kind: str,
    template: str,
    params: dict | None = None,
    link: str = "",
    clock=None,
    statutory: bool = False,
) -> Notification:
    """One message to one user: always in the inbox; by e-mail/SMS now, in the digest, or not at all."""
    if kind not in NotificationKind.values:
        raise ValidationError(_("未知的消息类别"))
    n = Notification(
        town=town,
        user=user,
        kind=kind,
        template=template,
        params=params or {},
        link=link,
        clock=clock,
        statutory=statutory,
    )
    return notifications_create([n])[0]


def _absolute(link: str) -> str:
    return absolute(link)


def reader_language(user) -> str:
    """The language a user reads messages in away from a page: their own choice, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def notification_deliver(*, notification: Notification) -> None:
    """E-mail and SMS for one notification, in the recipient's language; each channel at most once (safe to retry)."""
    with translation.override(reader_language(notification.user)):
        _deliver(notification)


def _deliver(notification: Notification) -> None:
    user = notification.user
    now = timezone.now()
    fields = []
    if user.email and notification.emailed_at is None:
        body = render_body(notification)
        if notification.link:
            body += "\n" + _absolute(notification.link)
        send_mail(render_title(notification), body, None, [user.email])
        notification.emailed_at = now
        fields.append("emailed_at")
    if user.phone and notification.sms_at is None:
        sms_send(phone=user.phone, text=render_body(notification))
        notification.sms_at = now
        fields.append("sms_at")
    if fields:
        Notification.unscoped.filter(pk=notification.pk).update(**{f: now for f in fields})


def notifications_deliver_ids(ids: list[int]) -> int:
    sent = 0
    for n in Notification.unscoped.filter(pk__in=ids, digest_pending=False).select_related("user"):
        notification_deliver(notification=n)
        sent += 1
    return sent


def notifications_send_digests() -> int:
    """One e-mail per user with everything waiting for the daily digest."""
    pending: dict[int, list[Notification]] = defaultdict(list)
    for n in Notification.unscoped.filter(digest_pending=True).select_related("user").order_by("created_at"):
        pending[n.user_id].append(n)
    sent = 0
    for items in pending.values():
        user = items[0].user
        with transaction.atomic():
            # Claim the rows first: a second digest run at the same time finds nothing to send.
            claimed = Notification.unscoped.filter(pk__in=[n.pk for n in items], digest_pending=True).update(
                digest_pending=False
            )
            if not claimed or not user.email:
                continue
            head = Notification(template="digest", params={"count": len(items)})
            with translation.override(reader_language(user)):
                lines = [render_body(head)] + [
                    f"· {render_title(n)} {_absolute(n.link)}".rstrip() for n in items
                ]
                subject = render_title(head)
            send_mail(subject, "\n".join(lines), None, [user.email])
            Notification.unscoped.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
            sent += 1
    return sent


@transaction.atomic
def notification_mark_read(*, notification: Notification, actor) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.unscoped.filter(pk=notification.pk).update(read_at=notification.read_at)
        inbox_changed([notification.user_id])
        activity_record(code="notification.read", actor=actor, subject=notification, town=notification.town)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user, actor) -> int:
    count = Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
    inbox_changed([user.pk])
    if count:
        activity_record(code="notification.all_read", actor=actor, subject=user, data={"count": count})
    return count


@transaction.atomic
def notification_preferences_set(*, user, values: dict[str, str], actor) -> dict[str, str]:
    """Set delivery per kind. Statutory escalations ignore these and always go out."""
    before = preferences_for(user)
    for kind, delivery in values.items():
        if kind not in NotificationKind.values or delivery not in Delivery.values:
            raise ValidationError(_("无效的消息偏好"))
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    after = preferences_for(user)
    changed = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changed:
        activity_record(code="notification.preferences_updated", actor=actor, subject=user, data=changed)
    return after
