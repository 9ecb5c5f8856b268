"""Pages of the performance record: my record (a deputy, on a phone), a deputy's record for staff, and the
yearly report as DOCX. Every line links to its record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from renda.core.permissions import allowed
from renda.registry.models import Person

from .. import queries as q
from ..documents import yearly_report_docx
from ._common import year_of


def _record_page(request, person, *, mine: bool):
    if not allowed(request.user, "performance.view_record", person):
        raise PermissionDenied
    year = year_of(request)
    record = q.record_of(person=person, year=year)
    return render(
        request,
        "performance/record.html",
        {
            "person": person,
            "year": year,
            "record": record,
            "kinds": [k for k in record.kinds if k.count],
            "score": q.score_of(person=person, year=year),
            "mine": mine,
            "can_enter": allowed(request.user, "performance.enter_duty", person),
        },
    )


@login_required
def my_record(request):
    """The deputy's own record of a year (their seat's town; the first when they hold seats in two). A user
    without a deputy seat is taken to the duties they may see."""
    person = q.own_persons(request.user).order_by("pk").first()
    if person is None:
        return redirect("performance:duty-list")
    return _record_page(request, person, mine=True)


@login_required
def person_record(request, pk):
    person = q.record_person_get_for(user=request.user, pk=pk)
    return _record_page(request, person, mine=False)


person_record.model = Person


@login_required
def person_report(request, pk):
    """代表年度履职报告 as DOCX."""
    person = q.record_person_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "performance.view_record", person):
        raise PermissionDenied
    year = year_of(request)
    record = q.record_of(person=person, year=year)
    data = yearly_report_docx(record=record, score=q.score_of(person=person, year=year))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="report-{person.pk}-{year}.docx"'
    return response


person_report.model = Person


urlpatterns: list = [
    path("mine/", my_record, name="mine"),
    path("persons/<int:pk>/", person_record, name="person-record"),
    path("persons/<int:pk>/report/", person_report, name="person-report"),
]
