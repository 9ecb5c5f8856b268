"""The calendar subscription page (日历订阅) and the feed itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from renda.core.access import grants_of
from renda.core.web import web_step

from . import queries, services
from .ical import feed_ical


def feed_url(request, token) -> str:
    return request.build_absolute_uri(reverse("feeds:feed", args=[token.token]))


@login_required
def subscription(request):
    """The user's feed URL (https and webcal), with the steps to issue a new one and to revoke it."""
    token = queries.feed_token_active_for(user=request.user)
    url = feed_url(request, token) if token else ""
    return render(
        request,
        "feeds/subscription.html",
        {"token": token, "url": url, "webcal": "webcal://" + url.split("://", 1)[-1] if url else ""},
    )


@login_required
@require_POST
def issue(request):
    return web_step(
        request,
        lambda: services.feed_token_issue(user=request.user, actor=request.user),
        done=_("已生成新的日历订阅地址，原地址已失效"),
        target="feeds:subscription",
    )


@login_required
@require_POST
def revoke(request):
    return web_step(
        request,
        lambda: services.feed_token_revoke(user=request.user, actor=request.user),
        done=_("日历订阅地址已作废"),
        target="feeds:subscription",
    )


def feed(request, token: str):
    """The feed (no session: calendar apps fetch it); an unknown or revoked token is 404."""
    user = queries.feed_token_owner(token)
    if user is None:
        raise Http404
    with scope(town=list(grants_of(user).visible_town_ids)):  # tenant resolution for a token-addressed feed
        body = feed_ical(user=user, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


feed.public = True  # type: ignore[attr-defined]
