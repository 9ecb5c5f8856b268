"""Pages of other duties: the list (staff: the town's, those waiting first; a deputy: their own), entry,
a duty with its history, confirm and reject."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.audit import activity_entries
from renda.core.exports import Column, csv_export
from renda.core.paging import KeyPaginator
from renda.core.permissions import allowed
from renda.core.web import web_form_page, web_step
from renda.core.workflow import workflow_actions_for

from .. import queries as q
from ..enums import DutyState
from ..forms import DutyForm, RejectForm
from ..models import OtherDuty
from ..services import duties as services
from ._common import version_of

# The list's columns as its CSV download (core.exports).
DUTY_COLUMNS = [
    Column(gettext_lazy("日期"), "date"),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("代表"), "person.name"),
    Column(gettext_lazy("事项"), str),
    Column(gettext_lazy("状态"), "state"),
]


@login_required
def duty_list(request):
    state = request.GET.get("state", "")
    qs = q.duties_visible_to(user=request.user)
    if state in DutyState.values:
        qs = qs.filter(state=state)
    qs = qs.order_by("-date", "-id")
    if export := csv_export(request, qs, columns=DUTY_COLUMNS, filename="duties"):
        return export
    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/duty_list.html",
        {"page": page, "state": state, "states": DutyState.choices},
    )


@login_required
def duty_create(request):
    persons = q.record_persons_visible_to(user=request.user).order_by("name", "pk")
    if not persons.exists():
        raise PermissionDenied
    form = DutyForm(request.POST or None, persons=persons, initial={"person": persons.first()})
    return web_form_page(
        request, form,
        lambda d: services.duty_enter(person=d["person"], data=d, actor=request.user),
        template="performance/form.html", context={"title": _("填报其他履职事项")},
        done=_("已填报履职事项，待镇人大确认"), target=lambda duty: duty,
    )  # fmt: skip


@login_required
def duty_detail(request, pk):
    duty = q.duty_get_for(user=request.user, pk=pk)
    return render(
        request,
        "performance/duty_detail.html",
        {
            "duty": duty,
            "actions": {t.action: t for t in workflow_actions_for(duty, request.user)},
            "history": activity_entries(subject=duty, limit=50),
        },
    )


duty_detail.model = OtherDuty


@login_required
@require_POST
def duty_confirm(request, pk):
    duty = q.duty_get_for(user=request.user, pk=pk)
    return web_step(
        request,
        lambda: services.duty_confirm(duty=duty, actor=request.user, version=version_of(request)),
        done=_("已确认履职事项"),
        target=duty,
    )


duty_confirm.model = OtherDuty


@login_required
def duty_reject(request, pk):
    duty = q.duty_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "performance.confirm", duty):
        raise PermissionDenied
    form = RejectForm(request.POST or None, initial={"version": duty.version})
    return web_form_page(
        request, form,
        lambda d: services.duty_reject(duty=duty, reason=d["reason"], actor=request.user, version=d.get("version")),
        template="performance/form.html", context={"title": _("不予确认履职事项"), "back": duty},
        done=_("已不予确认履职事项"), target=duty,
    )  # fmt: skip


duty_reject.model = OtherDuty


urlpatterns: list = [
    path("duties/", duty_list, name="duty-list"),
    path("duties/new/", duty_create, name="duty-create"),
    path("duties/<int:pk>/", duty_detail, name="duty-detail"),
    path("duties/<int:pk>/confirm/", duty_confirm, name="duty-confirm"),
    path("duties/<int:pk>/reject/", duty_reject, name="duty-reject"),
]
