"""Inbox pages: the list (fixed query count), mark read, open the item, mark all read, preferences.
A user only ever reaches their own notifications (notification_get_for answers 404 otherwise)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..access import town_choices_for
from ..deadlines.queries import reminder_towns_of
from ..exports import Column, csv_export
from ..types import IdField, query_value
from .forms import NotificationIdForm, PreferencesForm
from .messages import render_body, render_title
from .queries import notification_get_for, notifications_for
from .services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
    preferences_for,
)

# The inbox as its CSV download (core.exports).
INBOX_COLUMNS = [
    Column(gettext_lazy("时间"), "created_at"),
    Column(gettext_lazy("类型"), "kind"),
    Column(gettext_lazy("督办"), "statutory"),
    Column(gettext_lazy("标题"), render_title),
    Column(gettext_lazy("内容"), render_body),
    Column(gettext_lazy("已读"), lambda n: n.read_at is not None),
]


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    town = query_value(request, "town", IdField())
    qs = notifications_for(user=request.user, unread_only=unread_only, town=town)
    if export := csv_export(request, qs, columns=INBOX_COLUMNS, filename="inbox"):
        return export
    page = Paginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    # District staff: each message names its town (the names come with the grants: no query, no join).
    town_names = dict(town_choices_for(request.user))
    items = [
        {"n": n, "title": render_title(n), "body": render_body(n), "town": town_names.get(n.town_id, "")}
        for n in page.object_list
    ]
    query = {k: v for k, v in (("unread", "1" if unread_only else ""), ("town", town or "")) if v}
    return render(
        request,
        "core/inbox.html",
        {
            "page": page,
            "items": items,
            "unread_only": unread_only,
            "querystring": urlencode(query),
            "show_undelivered": bool(reminder_towns_of(request.user)),
        },
    )


def _notification_from_post(request):
    form = NotificationIdForm(request.POST)
    if not form.is_valid():
        return None
    return notification_get_for(user=request.user, pk=form.cleaned_data["id"])


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("inbox")


@login_required
@require_POST
def inbox_read(request):
    notification = _notification_from_post(request)
    if notification is None:
        return redirect("inbox")
    notification_mark_read(notification=notification, actor=request.user)
    return _back(request)


@login_required
@require_POST
def inbox_open(request):
    """Mark read and go to the item the message is about."""
    notification = _notification_from_post(request)
    if notification is None:
        return redirect("inbox")
    notification_mark_read(notification=notification, actor=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("inbox")


@login_required
@require_POST
def inbox_read_all(request):
    count = notifications_mark_all_read(user=request.user, actor=request.user)
    messages.success(request, _("已将 %(n)s 条消息标记为已读") % {"n": count})
    return redirect("inbox")


@login_required
def preferences(request):
    current = preferences_for(request.user)
    form = PreferencesForm(request.POST or None, initial_values=current)
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(user=request.user, values=form.cleaned_data, actor=request.user)
        messages.success(request, _("消息偏好已保存"))
        return redirect("notification-preferences")
    return render(request, "core/preferences.html", {"form": form})
