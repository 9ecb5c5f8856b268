"""The supervision log of a key suggestion (督办记录): the list everyone who sees the suggestion sees, and the
form its supervisors (or town staff on their behalf) record a step with. The suggestion's page loads the list
into its 督办记录 tab (htmx); the page stands alone on a phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renda.core.web import web_step

from . import queries, services
from .forms_supervision import SupervisionForm
from .models import Suggestion, SupervisionEntry


@login_required
def supervision_page(request, pk):
    s = queries.supervision_suggestion_get_for(user=request.user, pk=pk)
    can_record = queries.supervision_can_record(user=request.user, suggestion=s)
    form = None
    if can_record:
        on_behalf = queries.user_is_staff_of(request.user, s)
        form = SupervisionForm(request.POST or None, request.FILES or None, suggestion=s, on_behalf=on_behalf)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            done = web_step(
                request,
                lambda: services.supervision_entry_record(
                    suggestion=s,
                    kind=d["kind"],
                    date=d["date"],
                    notes=d["notes"],
                    attachment=d.get("attachment"),
                    supervisor=d.get("supervisor"),
                    actor=request.user,
                ),
                done=_("督办情况已记录，已通知领衔代表和承办单位"),
                form=form,
            )
            if done is not None:
                return redirect("suggestions:supervision", pk=s.pk)
    elif request.method == "POST":
        # Not offered (not a key suggestion, closed, or not a supervisor): the service says why.
        web_step(
            request,
            lambda: services.supervision_entry_record(
                suggestion=s, kind="", date=None, notes="", actor=request.user
            ),
            done="",
        )
        return redirect("suggestions:supervision", pk=s.pk)
    ctx = {
        "s": s,
        "entries": queries.supervision_entries_of(suggestion=s),
        "supervisors": s.supervisors.all(),
        "idle": queries.supervision_is_idle(s),
        "idle_days": services.supervision_idle_days(),
        "form": form,
    }
    template = (
        "suggestions/_supervision.html"
        if request.headers.get("HX-Request")
        else "suggestions/supervision.html"
    )
    return render(request, template, ctx)


supervision_page.model = Suggestion


@login_required
def supervision_attachment(request, pk):
    e = queries.supervision_entry_get_for(user=request.user, pk=pk)
    handle = queries.supervision_attachment_open(e)
    if handle is None:
        messages.error(request, _("附件文件已不存在，请联系管理员"))
        return redirect("suggestions:supervision", pk=e.suggestion_id)
    return FileResponse(
        handle, as_attachment=True, filename=e.attachment_name, content_type=e.attachment_mime
    )


supervision_attachment.model = SupervisionEntry
