"""Inbox messages are stored as a template and its parameters and rendered in the reader's language."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from renda.core.models import User
from renda.core.notifications.models import Notification
from renda.core.notifications.services import notification_deliver, notification_send

PARAMS = {"clock_kind": "appeal.reply", "item": "诉求甲", "due": "2026-04-02", "days": 7}


def _send(tw, key: str) -> Notification:
    with scopes_disabled():  # test set-up
        Notification.unscoped.all().delete()
        return notification_send(
            user=tw.users[key],
            town=tw.town,
            kind="appeal",
            template="reminder",
            params=PARAMS,
            link="/registry/",
        )


def test_an_english_reader_reads_the_inbox_in_english(world):
    user = world.a.users["deputy"]
    _send(world.a, "deputy")  # sent while Chinese is active (a task, a Chinese colleague's step)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    items = client.get(reverse("inbox")).context["items"]
    assert [i["title"] for i in items] == ["[Reminder] Appeal reply: 诉求甲 is due on 2026-04-02"]
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    chinese.force_login(user)
    assert [i["title"] for i in chinese.get(reverse("inbox")).context["items"]] == [
        "【提醒】诉求答复：诉求甲 将于 2026-04-02 到期"
    ]


def test_the_api_renders_for_the_reader_too(world):
    _send(world.a, "deputy")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.a.users["deputy"])
    rows = client.get("/api/v1/core/notifications").json()["items"]
    assert [r["title"] for r in rows] == ["[Reminder] Appeal reply: 诉求甲 is due on 2026-04-02"]


def test_an_e_mail_goes_out_in_the_recipients_own_language(world):
    user = world.a.users["deputy"]
    with scopes_disabled():  # test set-up
        User.objects.filter(pk=user.pk).update(language="en", email="deputy@example.org", phone="")
        n = _send(world.a, "deputy")
        n = Notification.unscoped.select_related("user").get(pk=n.pk)
        Notification.unscoped.filter(pk=n.pk).update(emailed_at=None)
        n.emailed_at = None
    mail.outbox.clear()
    notification_deliver(notification=n)
    assert [m.subject for m in mail.outbox] == ["[Reminder] Appeal reply: 诉求甲 is due on 2026-04-02"]


def test_without_a_choice_the_e_mail_is_in_chinese(world):
    user = world.a.users["deputy"]
    with scopes_disabled():  # test set-up
        User.objects.filter(pk=user.pk).update(language="", email="deputy@example.org", phone="")
        n = _send(world.a, "deputy")
        n = Notification.unscoped.select_related("user").get(pk=n.pk)
        n.emailed_at = None
    mail.outbox.clear()
    notification_deliver(notification=n)
    assert [m.subject for m in mail.outbox] == ["【提醒】诉求答复：诉求甲 将于 2026-04-02 到期"]
