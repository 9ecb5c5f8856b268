"""The one page helper: run one service call, turn its errors into form errors and a message, redirect.

    return web_step(request, lambda: services.suggestion_submit(suggestion=s, actor=request.user, version=v),
                    done=_("已提交"), target=s)

On success the message `done` is shown and the page redirects to `target` (an object with
`get_absolute_url`, a URL, or a callable given the service's result). On a ValidationError, Conflict or
PermissionDenied the errors go onto `form` (each next to its field, when the error names one) and into one
message; without a form the page redirects to `failed` (default: `target`) — with a form, `web_step` returns
None so the view renders the form again with what was typed.
A stale-version Conflict (`Conflict.stale`) asks the user to reload; any other Conflict is said as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _

from .errors import Conflict, error_messages


def error_text(exc: Exception) -> str:
    """What to tell the user about a refused step, in one line."""
    if isinstance(exc, ValidationError):
        return "；".join(error_messages(exc))
    if isinstance(exc, Conflict):
        text = str(exc) or _("该记录当前状态不能进行此操作")
        return text if not exc.stale or _("刷新") in text else f"{text}{_('（请刷新后重试）')}"
    return str(exc) or _("无权进行此操作")


def form_error_text(form) -> str:
    """A form's errors in one line, each with its field's label."""
    parts = []
    for name, errs in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = "；".join(str(e) for e in errs)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


def errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: a field it names gets its own error, the rest the form's."""
    if hasattr(exc, "error_dict"):
        for name, errs in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, exc)


def _url(target, value) -> str:
    if callable(target) and not hasattr(target, "get_absolute_url"):
        target = target(value)
    return resolve_url(target)


def web_step(
    request,
    run: Callable[[], Any],
    *,
    done: str | Callable[[Any], str],
    target: Any = None,
    failed: Any = None,
    form=None,
):
    """Run one service call for a page (see the module's docstring). Returns a redirect, or None when a form
    should be rendered again; with neither `target` nor a form, returns the service's result on success."""
    try:
        value = run()
    except ValidationError as exc:
        if form is not None:
            errors_to_form(form, exc)
        messages.error(request, error_text(exc))
    except (Conflict, PermissionDenied) as exc:
        if form is not None:
            form.add_error(None, error_text(exc))
        messages.error(request, error_text(exc))
    else:
        if callable(done):  # a message that names what the service made (a tracking code, a count)
            done = done(value)
        if done:
            messages.success(request, done)
        return redirect(_url(target, value)) if target is not None else value
    if form is not None:
        return None
    back = failed if failed is not None else target
    return redirect(_url(back, None)) if back is not None else None
