"""The working-day calendar page for district staff: each year's schedule, and the form to enter one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import user_is_district_staff
from .calendar import calendar_missing_year, calendar_years
from .forms import CalendarYearForm
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
