"""District and town staff pages of the deadline engine: the working-day calendar (each year's schedule and the
form to enter one, district staff) and the undelivered reminders (未送达提醒: steps the sweep recorded with no one
to send them to)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..access import user_is_district_staff
from ..exports import Column, csv_export
from .calendar import calendar_missing_year, calendar_years
from .forms import CalendarYearForm
from .models import Recipient
from .queries import reminders_undelivered_for
from .rules import clock_kind, steps_by_kind
from .services import calendar_year_set


@login_required
def calendar_page(request):
    if not user_is_district_staff(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = CalendarYearForm(request.POST or None, initial={"year": today.year + 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = calendar_year_set(
                year=data["year"], holidays=data["holidays"], workdays=data["workdays"], actor=request.user
            )
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(
                request,
                _("已录入 %(year)s 年法定节假日安排，%(n)s 项期限的到期日随之调整")
                % {"year": result.row.year, "n": len(result.moved)},
            )
            return redirect("calendar")
    return render(
        request,
        "core/calendar.html",
        {
            "form": form,
            "years": calendar_years([today.year, today.year + 1]),
            "missing_year": calendar_missing_year(today),
        },
    )


def _roles_text(codes) -> str:
    labels = dict(Recipient.choices)
    return "、".join(str(labels.get(c, c)) for c in codes)


def _reminder_columns(steps) -> list[Column]:
    return [
        Column(gettext_lazy("镇（街道）"), "town.name"),
        Column(gettext_lazy("事项"), lambda r: r.clock.subject_repr or r.clock.object_id),
        Column(gettext_lazy("期限类型"), lambda r: clock_kind(r.clock.kind).label),
        Column(gettext_lazy("提醒步骤"), "step"),
        Column(gettext_lazy("督办"), lambda r: bool(steps.get(r.step) and steps[r.step].escalation)),
        Column(
            gettext_lazy("原定对象"),
            lambda r: _roles_text(steps[r.step].recipients) if r.step in steps else "",
        ),
        Column(gettext_lazy("提醒日"), "remind_on"),
        Column(gettext_lazy("到期日"), "clock.due_date"),
    ]


@login_required
def reminders_undelivered(request):
    steps = {s.code: s for kind_steps in steps_by_kind().values() for s in kind_steps}
    qs = reminders_undelivered_for(user=request.user)
    if export := csv_export(request, qs, columns=_reminder_columns(steps), filename="reminders-undelivered"):
        return export
    page = Paginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    rows = []
    for r in page.object_list:
        step = steps.get(r.step)
        rows.append(
            {
                "log": r,
                "kind": clock_kind(r.clock.kind).label,
                "roles": _roles_text(step.recipients) if step else "",
                "escalation": bool(step and step.escalation),
            }
        )
    return render(
        request,
        "core/reminders_undelivered.html",
        {"page": page, "rows": rows, "show_town": user_is_district_staff(request.user), "querystring": ""},
    )
