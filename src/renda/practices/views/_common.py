"""What the practice and six-haves pages share: paging, a POST step on one record, a step with its own form page,
the history of a record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.paging import page_and_query
from renda.core.permissions import allowed
from renda.core.web import web_form_page, web_step

TEMPLATE = "practices/form.html"


page_of = page_and_query  # core.paging: the rows of a page and the filters its links keep


def history(obj) -> list:
    return [
        (a, activity_label(a.code), activity_details(type(obj), a.data))
        for a in activities_for(subject=obj)[:200]
    ]


def posted_version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def record_post(get: Callable[..., Any], model, *, run: Callable[[Any, Any, int | None], Any], done):
    """A POST-only step on one record (a button on its page): the service checks the permission."""

    @login_required
    @require_POST
    def view(request, pk):
        obj = get(user=request.user, pk=pk)
        return web_step(request, lambda: run(request, obj, posted_version(request)), done=done, target=obj)

    view.model = model
    view.form_name = None  # no input to keep
    return view


def record_form(get: Callable[..., Any], model, perm: str, *, form, run, title, done):
    """A step on one record with its own form page (403 before the form when not allowed)."""

    @login_required
    def view(request, pk):
        obj = get(user=request.user, pk=pk)
        if not allowed(request.user, perm, obj):
            raise PermissionDenied
        return web_form_page(
            request, form(request.POST or None, request.FILES or None, obj), lambda d: run(request, obj, d),
            template=TEMPLATE, context={"title": title, "back": obj}, done=done, target=obj,
        )  # fmt: skip

    view.model = model
    view.form_name = "form"
    return view
