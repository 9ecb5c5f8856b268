"""Task pages: a town's follow-up tasks (town staff; district staff see every town's) and one task with its
report form (the activity the town held, findings per category)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.exports import Column, csv_export
from renda.core.paging import KeyPaginator
from renda.core.types import IdField, YearField, query_value
from renda.core.web import web_form_page

from .. import queries, services
from ..enums import TaskState
from ..forms import ReportForm
from ..models import TownTask

# The list's columns as its CSV download (core.exports).
TASK_COLUMNS = [
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("专项督查"), "campaign.title"),
    Column(gettext_lazy("状态"), "state"),
    Column(gettext_lazy("逾期完成"), lambda t: queries.task_standing(t) == "late"),
    Column(gettext_lazy("跟进期限"), "due_date"),
    Column(gettext_lazy("完成日期"), "done_on"),
]


@login_required
def task_list(request):
    if not queries.staff_town_ids(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    qs = queries.tasks_filtered(
        user=request.user,
        state=state if state in TaskState.values else "",
        town=query_value(request, "town", IdField()),
        late=request.GET.get("late") == "1",
        year=query_value(request, "year", YearField()),
        standing=request.GET.get("standing", ""),
    ).order_by("-id")
    if export := csv_export(request, qs, columns=TASK_COLUMNS, filename="campaign-tasks"):
        return export
    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    rows = [{"task": t, "standing": queries.task_standing(t)} for t in page.object_list]
    return render(
        request,
        "campaigns/task_list.html",
        {
            "page": page,
            "rows": rows,
            "states": TaskState.choices,
            "query": params.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _context(request, task: TownTask) -> dict:
    can = queries.task_actions_for(user=request.user, task=task)
    ctx = {
        "task": task,
        "campaign": task.campaign,
        "can": can,
        "standing": queries.task_standing(task),
        "findings": [(k, (task.findings or {}).get(k, 0)) for k in task.campaign.categories],
        "kinds": queries.kind_labels(task.campaign.required_kinds),
        "history": [
            (a, activity_label(a.code), activity_details(TownTask, a.data))
            for a in activities_for(subject=task)[:200]
        ],
    }
    if "report" in can:
        ctx.setdefault("form", ReportForm(initial={"version": task.version}, task=task))
    return ctx


@login_required
def task_detail(request, pk):
    task = queries.task_get_for(user=request.user, pk=pk)
    return render(request, "campaigns/task_detail.html", _context(request, task))


task_detail.model = TownTask


@login_required
def task_report(request, pk):
    """The town's follow-up (POST; GET shows the task page)."""
    task = queries.task_get_for(user=request.user, pk=pk)
    form = ReportForm(request.POST or None, task=task)
    return web_form_page(
        request,
        form,
        lambda d: services.town_task_report(
            task=task,
            activity=d["activity"],
            findings=form.findings(),
            note=d.get("note") or "",
            actor=request.user,
            version=d.get("version"),
        ),
        template="campaigns/task_detail.html",
        context=lambda: _context(request, queries.task_get_for(user=request.user, pk=pk)),
        done=lambda t: _("已报送跟进情况（按时完成）") if t.on_time else _("已报送跟进情况（逾期完成）"),
        target=lambda t: t,
    )


task_report.model = TownTask

urlpatterns = [
    path("tasks/", task_list, name="task-list"),
    path("tasks/<int:pk>/", task_detail, name="task-detail"),
    path("tasks/<int:pk>/report/", task_report, name="task-report"),
]
