"""The one shape of the oversight steps (the plan, activity and opinion pages), one line per step in each views module
(like suggestions.views._action):

    activity_cancel = record_form(
        q.activity_get_for, Activity, "oversight.manage",
        form=lambda data, a: ReasonForm(data, initial={"version": a.version}),
        run=lambda r, a, d: services.activity_cancel(activity=a, reason=d["reason"], actor=r.user,
                                                     version=d.get("version")),
        title=gettext_lazy("取消活动"), done=gettext_lazy("已取消活动"),
    )

- `record_form`: a step with its own page (`oversight/act_form.html`) on one record: the record read through its
  access function (404 if absent or not the user's), the permission checked (403) before the form is shown, then
  `web_form_page` (GET shows the form; a refused POST shows it again with what was typed).
- `town_form`: a page that makes a record in the staff user's town (`?town=` among theirs).
- `record_post`: a POST-only step (a button on the record's page) with the `version` the page was read at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from renda.core.permissions import allowed
from renda.core.web import web_form_page, web_step

from ._common_act import staff_town

TEMPLATE = "oversight/act_form.html"


def posted_version(request) -> int | None:
    """The `version` a POST-only step was sent with (a page's hidden field), None if absent or not a number."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def versioned(form_class):
    """A form builder for a step whose form carries only its own fields and the record's `version`."""
    return lambda data, obj: form_class(data, initial={"version": obj.version})


def _page(request, bound, run, *, context: dict, done, target):
    return web_form_page(
        request, bound, run, template=TEMPLATE, context=context, done=done, target=target
    )  # fmt: skip


def record_form(
    get: Callable[..., Any],
    model,
    perm: str,
    *,
    form: Callable[[Any, Any], Any],
    run: Callable[[Any, Any, dict], Any],
    title: str,
    done: str | Callable[[Any], str],
    target: Callable[[Any, Any], Any] | None = None,
):
    """A step on one record with its own form page. `form(data, obj)` builds the form (data None on GET);
    `run(request, obj, cleaned_data)` calls the service; `target(obj, result)` where to go (default: the record)."""

    @login_required
    def view(request, pk):
        obj = get(user=request.user, pk=pk)
        if not allowed(request.user, perm, obj):
            raise PermissionDenied
        return _page(
            request, form(request.POST or None, obj), lambda d: run(request, obj, d),
            context={"title": title, "back": obj}, done=done,
            target=obj if target is None else (lambda value: target(obj, value)),
        )  # fmt: skip

    view.model = model
    view.form_name = "form"  # a form with the user's input (tests/test_forms_keep_input.py)
    return view


def town_form(
    *,
    form: Callable[[Any, Any], Any],
    run: Callable[[Any, Any, dict], Any],
    title: str,
    done: str | Callable[[Any], str],
):
    """A page that makes a record in the staff user's town: `form(data, town)`, `run(request, town, cleaned_data)`;
    on success the new record's page."""

    @login_required
    def view(request):
        town = staff_town(request)
        return _page(
            request, form(request.POST or None, town), lambda d: run(request, town, d),
            context={"title": title, "town": town}, done=done, target=lambda made: made,
        )  # fmt: skip

    view.form_name = "form"
    return view


def record_post(
    get: Callable[..., Any],
    model,
    *,
    run: Callable[[Any, Any, int | None], Any],
    done: str | Callable[[Any], str],
    target: Callable[[Any], Any] | None = None,
):
    """A POST-only step on one record: `run(request, obj, version)` calls the service (it checks the permission);
    back to `target(obj)` (default: the record) with the message, or the refusal."""

    @login_required
    @require_POST
    def view(request, pk):
        obj = get(user=request.user, pk=pk)
        back = obj if target is None else target(obj)
        return web_step(request, lambda: run(request, obj, posted_version(request)), done=done, target=back)

    view.model = model
    view.form_name = None  # no input to keep
    return view
