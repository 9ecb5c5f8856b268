"""Roster (花名册) pages: import with a full error list, template download and export."""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.access import user_is_staff_for

from . import phrases
from .roster import (
    XLSX_CONTENT_TYPE,
    RosterKind,
    roster_export,
    roster_filename,
    roster_import,
    roster_template,
    roster_town_for,
    roster_towns_for,
)


class RosterImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("花名册"), choices=RosterKind.choices)
    town = forms.TypedChoiceField(label=_("镇（街道）"), coerce=int)
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        help_text=_("先检查整个文件；只要有一行有问题，就不导入任何数据。"),
    )

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs["class"] = "form-control"
        town = self.fields["town"]
        town.choices = [(t.pk, t.name) for t in towns]
        town.widget.attrs["class"] = "form-select"
        if len(towns) == 1:
            town.widget = forms.HiddenInput()
            town.initial = towns[0].pk


class RosterExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("花名册"), choices=RosterKind.choices)
    town = forms.TypedChoiceField(label=_("镇（街道）"), coerce=int)
    masked = forms.BooleanField(label=_("身份证号和手机号脱敏"), required=False)

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["masked"].widget.attrs["class"] = "form-check-input"
        town = self.fields["town"]
        town.choices = [(t.pk, t.name) for t in towns]
        town.widget.attrs["class"] = "form-select"
        if len(towns) == 1:
            town.widget = forms.HiddenInput()
            town.initial = towns[0].pk


def _kind(value: str | None) -> RosterKind:
    try:
        return RosterKind(value or "")
    except ValueError:
        raise Http404 from None


def _staff_towns(user):
    towns = roster_towns_for(user=user)
    if not towns:
        raise PermissionDenied(phrases.ROSTER_STAFF_ONLY)
    return towns


def _chosen_town(user, value, towns):
    """The town named in the request (404 if unseen, 403 if not its staff), or the user's only one."""
    if value:
        return roster_town_for(user=user, pk=value)
    if len(towns) == 1:
        return towns[0]
    return None


def _xlsx(data: bytes, filename: str) -> FileResponse:
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_import_view(request):
    towns = _staff_towns(request.user)
    result = None
    if request.method == "POST":
        town = _chosen_town(request.user, request.POST.get("town"), towns)
        data = request.POST.copy()
        if town is not None:
            data["town"] = str(town.pk)
        form = RosterImportForm(data, request.FILES, towns=towns)
        if form.is_valid() and town is not None:
            result = roster_import(
                town=town, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"], actor=request.user
            )
    else:
        initial = {"kind": request.GET.get("kind") or RosterKind.DEPUTIES}
        form = RosterImportForm(initial=initial, towns=towns)
    export_form = RosterExportForm(towns=towns, initial={"kind": RosterKind.DEPUTIES}, auto_id="id_export_%s")
    single_town = towns[0] if len(towns) == 1 else None
    return render(
        request,
        "registry/roster_import.html",
        {
            "form": form,
            "export_form": export_form,
            "result": result,
            "kinds": RosterKind.choices,
            "single_town": single_town,
        },
    )


@login_required
@require_GET
def roster_template_view(request):
    kind = _kind(request.GET.get("kind"))
    town = roster_town_for(user=request.user, pk=request.GET["town"]) if request.GET.get("town") else None
    return _xlsx(roster_template(kind=kind, town=town), roster_filename(kind=kind, template=True))


@login_required
@require_GET
def roster_export_view(request):
    kind = _kind(request.GET.get("kind"))
    towns = _staff_towns(request.user)
    town = _chosen_town(request.user, request.GET.get("town"), towns)
    if town is None:
        raise Http404
    unmasked = not request.GET.get("masked") and user_is_staff_for(request.user, town.pk)
    data = roster_export(town=town, kind=kind, unmasked=unmasked, actor=request.user)
    return _xlsx(data, roster_filename(kind=kind, town=town))
