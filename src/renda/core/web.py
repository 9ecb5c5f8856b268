"""The one page helper: run one service call, turn its errors into form errors and a message, redirect.

    return web_step(request, lambda: services.suggestion_submit(suggestion=s, actor=request.user, version=v),
                    done=_("已提交"), target=s)

On success the message `done` is shown and the page redirects to `target` (an object with
`get_absolute_url`, a URL, or a callable given the service's result). On a ValidationError, Conflict or
PermissionDenied the errors go onto `form` (each next to its field, when the error names one) and into one
message; without a form the page redirects to `failed` (default: `target`) — with a form, `web_step` returns
None so the view renders the form again with what was typed.
A stale-version Conflict (`Conflict.stale`) asks the user to reload; any other Conflict is said as it is.

Every page with a form has one shape, `web_form_page`: GET shows the form; a POST whose form parses and whose
service call succeeds redirects with its message; anything else shows the same page again with everything typed
(every chosen option of a multi-choice), every error next to its field at once, and on the tab the form was
sent from (the form's hidden `tab` field, see `form_tab`). That is the one code path that keeps input:

    return web_form_page(request, form, lambda d: services.appeal_reply(appeal=a, actor=request.user, **d),
                         template="receptions/form.html", context={"title": _("答复诉求")},
                         done=_("已答复"), target=a)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _

from .errors import Conflict, error_messages
from .uploads import UploadRefused


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
        return
    sent = [n for n, f in form.fields.items() if f.widget.needs_multipart_form and form.files.get(n)]
    if isinstance(exc, UploadRefused) and len(sent) == 1:  # the refused file: next to its own input
        form.add_error(sent[0], exc)
    else:
        form.add_error(None, exc)


def _url(target, value) -> str:
    if callable(target) and not hasattr(target, "get_absolute_url"):
        target = target(value)
    return resolve_url(target)


def _attempt(request, run: Callable[[], Any], form) -> tuple[bool, Any, Exception | None]:
    """Run the service call; a refusal goes onto the form (when there is one) and into one message."""
    try:
        value = run()
    except ValidationError as exc:
        if form is not None:
            errors_to_form(form, exc)
        messages.error(request, error_text(exc))
        return False, None, exc
    except (Conflict, PermissionDenied) as exc:
        if form is not None:
            form.add_error(None, error_text(exc))
        messages.error(request, error_text(exc))
        return False, None, exc
    return True, value, None


def _succeeded(request, value, done, target):
    if callable(done):  # a message that names what the service made (a tracking code, a count)
        done = done(value)
    if done:
        messages.success(request, done)
    return redirect(_url(target, value)) if target is not None else value


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
    ok, value, _exc = _attempt(request, run, form)
    if ok:
        return _succeeded(request, value, done, target)
    if form is not None:
        return None
    back = failed if failed is not None else target
    return redirect(_url(back, None)) if back is not None else None


def _sent_tab(request) -> str:
    """The `tab` field a form was sent with: a short name of letters, digits and dashes, else none."""
    value = request.POST.get("tab", "")
    return value if re.fullmatch(r"[a-z][a-z0-9_-]{0,30}", value) else ""


def form_tab(request, tabs, default: str = "") -> str:
    """The tab a detail page opens on: the one a form was sent from (its `tab` field), or ?tab=, if known."""
    wanted = _sent_tab(request) or request.GET.get("tab", "")
    return wanted if wanted in tabs else default


def with_tab(url: str, tab: str) -> str:
    """A page's URL that opens on `tab` (where the user was working)."""
    if not tab:
        return url
    return f"{url}{'&' if '?' in url else '?'}tab={tab}"


def web_form_page(
    request,
    form,
    run: Callable[[dict], Any],
    *,
    template: str,
    context: dict | Callable[[], dict] | None = None,
    done: str | Callable[[Any], str],
    target: Any,
    form_name: str = "form",
    tab: str = "",
    refused: Any = None,
    status: int = 200,
):
    """A page with one form (see the module's docstring). `run(cleaned_data)` calls the service.

    On success: `done` as the message, a redirect to `target` (on `tab` when the form was sent from one).
    Otherwise the template again with `form` (under `form_name`) bound to what was typed, `open_form` naming it
    and `tab` the tab it was sent from (default `tab`). `refused`: where to go instead when the service refuses
    for a reason the form cannot fix (a stale version, the record's state, not allowed) — for a form shown on a
    record's page, whose steps may have changed; default: the same page again.
    `context` is a dict or a callable building it (only called when the page is rendered)."""
    if request.method == "POST":
        sent_tab = _sent_tab(request) or tab
        if form.is_valid():
            ok, value, exc = _attempt(request, lambda: run(form.cleaned_data), form)
            if ok:
                if sent_tab and target is not None:
                    return _succeeded(request, value, done, lambda v: with_tab(_url(target, v), sent_tab))
                return _succeeded(request, value, done, target)
            if refused is not None and not isinstance(exc, ValidationError):
                return redirect(_url(refused, None))
        else:
            messages.error(request, form_error_text(form))
    ctx = dict(context() if callable(context) else (context or {}))
    ctx[form_name] = form
    if request.method == "POST":
        ctx["open_form"] = form_name
        ctx["tab"] = _sent_tab(request) or tab or ctx.get("tab", "")
    return render(request, template, ctx, status=status)
