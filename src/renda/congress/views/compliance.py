"""The yearly compliance table (with the budget adjustments it reads) and the absence flags."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.audit import activity_entries
from renda.core.exports import Column, csv_export
from renda.core.permissions import allowed
from renda.core.web import web_form_page
from renda.core.workflow import workflow_can

from .. import forms, queries, services
from ..enums import FlagState
from ..models import AbsenceFlag
from ._common import page_size, query_id, query_year


def _recording_towns(user) -> list:
    return [
        t
        for t in queries.congress_towns_for(user=user)
        if allowed(user, "congress.budget_adjustment_record", t)
    ]


def _compliance_context(request, year) -> dict:
    towns = queries.congress_towns_for(user=request.user, roles=queries.STAFF)
    return {
        "year": year,
        "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1)),
        "rows": queries.compliance_rows(user=request.user, year=year),
        "columns": queries.COMPLIANCE_COLUMNS,
        "adjustment_form": forms.BudgetAdjustmentForm(towns=towns, initial={"year": year}),
        "can_record": any(allowed(request.user, "congress.budget_adjustment_record", t) for t in towns),
    }


@login_required
def compliance(request):
    if not queries.congress_towns_for(user=request.user, roles=queries.STAFF):
        raise PermissionDenied
    year = query_year(request, timezone.localdate().year)
    return render(request, "congress/compliance.html", _compliance_context(request, year))


@login_required
@require_POST
def budget_adjustment_record(request):
    towns = _recording_towns(request.user)
    if not towns:
        raise PermissionDenied
    form = forms.BudgetAdjustmentForm(request.POST, towns=towns)
    year = form.data.get("year", "")
    shown = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    return web_form_page(
        request,
        form,
        lambda d: services.budget_adjustment_record(actor=request.user, **d),
        template="congress/compliance.html",
        context=lambda: _compliance_context(request, shown),
        done=_("已登记预算调整"),
        target=lambda _value: reverse("congress:compliance") + f"?year={form.cleaned_data['year']}",
        form_name="adjustment_form",
    )


# The list's columns as its CSV download (core.exports).
FLAG_COLUMNS = [
    Column(gettext_lazy("代表"), "person.name"),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("类型"), "kind"),
    Column(gettext_lazy("缺席的会议"), lambda f: "；".join(str(s) for s in f.sessions.all())),
    Column(gettext_lazy("时间"), "created_at"),
    Column(gettext_lazy("状态"), "state"),
]


@login_required
def flag_list(request):
    qs = queries.absence_flags_visible_to(user=request.user)
    state = request.GET.get("state", FlagState.OPEN)
    if state in FlagState.values:
        qs = qs.filter(state=state)
    if town := query_id(request, "town"):
        qs = qs.filter(town=town)
    qs = qs.order_by("-created_at", "-id")
    if export := csv_export(request, qs, columns=FLAG_COLUMNS, filename="absence-flags"):
        return export
    page = Paginator(qs, page_size()).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "congress/flag_list.html",
        {"page": page, "querystring": query.urlencode(), "state": state, "states": FlagState.choices},
    )


def _flag_context(request, flag) -> dict:
    return {
        "flag": flag,
        "can_resolve": workflow_can(flag, "resolve", request.user),
        "form": forms.ResolveForm(),
        "attendance": queries.absences_of_flag(flag=flag),
        "history": activity_entries(subject=flag, limit=50),
    }


@login_required
def flag_detail(request, pk):
    flag = queries.absence_flag_get_for(user=request.user, pk=pk)
    return render(request, "congress/flag_detail.html", _flag_context(request, flag))


flag_detail.model = AbsenceFlag


@login_required
@require_POST
def flag_resolve(request, pk):
    flag = queries.absence_flag_get_for(user=request.user, pk=pk)
    target = reverse("congress:flag-detail", kwargs={"pk": pk})
    return web_form_page(
        request,
        forms.ResolveForm(request.POST),
        lambda d: services.absence_flag_resolve(flag=flag, resolution=d["resolution"], actor=request.user),
        template="congress/flag_detail.html",
        context=lambda: _flag_context(request, flag),
        done=_("已记录处理结果"),
        target=target,
        refused=target,
    )


flag_resolve.model = AbsenceFlag
