"""Pages of the station appraisal (基层站所评议; their URL patterns are collected by oversight/urls.py).

The list (a town column and filter for district staff), the new-appraisal page for town staff, the appraisal's page
(criteria, stations in ranking order with their sheets, rectification status and opinions, the steps as buttons),
the score page (one form per station; staff also enter a deputy's paper sheet), the key-problem form, the printed
notice with the QR code of the voters' portal form, and the results DOCX. Each view parses input, calls one
service, renders or redirects with a message."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import town_choices_for
from renda.core.audit import activity_entries
from renda.core.exports import Column, csv_export
from renda.core.permissions import allowed
from renda.core.site import site_url
from renda.core.types import IdField, YearField, query_value
from renda.core.web import web_form_page, web_step

from .. import documents_appraisal as documents
from .. import queries_appraisal as q
from .. import services
from ..enums import AppraisalState
from ..forms_appraisal import AppraisalForm, KeyProblemForm, ScoreForm
from ..models import Appraisal, AppraisalStation
from ._common_act import offered, page_of, staff_town, staff_town_ids

# The list's columns as its CSV download (core.exports).
APPRAISAL_COLUMNS = [
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("年度"), "year"),
    Column(gettext_lazy("标题"), "title"),
    Column(gettext_lazy("参评站所"), "station_count"),
    Column(gettext_lazy("状态"), "state"),
]


@login_required
def appraisal_list(request):
    qs = q.appraisals_filtered(
        user=request.user,
        year=query_value(request, "year", YearField()),
        town=query_value(request, "town", IdField()),
    ).order_by("-year", "town__code", "-id")
    if export := csv_export(request, qs, columns=APPRAISAL_COLUMNS, filename="appraisals"):
        return export
    page, query = page_of(request, qs)
    choices = town_choices_for(request.user)
    return render(
        request,
        "oversight/appraisal_list.html",
        {
            "page": page,
            "query": query,
            "town_choices": choices if len(choices) > 1 else (),
            "can_create": bool(staff_town_ids(request)),
        },
    )


@login_required
def appraisal_new(request):
    town = staff_town(request)
    form = AppraisalForm(request.POST or None, town=town, initial={"year": timezone.localdate().year})
    return web_form_page(
        request,
        form,
        lambda d: services.appraisal_create(
            town=town,
            year=d["year"],
            title=d["title"],
            criteria=d["criteria"],
            units=list(d["units"]),
            actor=request.user,
        ),
        template="oversight/act_form.html",
        context={"title": _("新建站所评议"), "town": town},
        done=_("已新建站所评议"),
        target=lambda a: a,
    )


def _notice_url(appraisal: Appraisal, request=None) -> str:
    return site_url(request) + reverse("portal:appraisal") + f"?t={appraisal.token}"


@login_required
def appraisal_detail(request, pk):
    a = q.appraisal_get_for(user=request.user, pk=pk)
    can = offered(a, request.user)
    is_staff = allowed(request.user, "oversight.manage", a)
    person_ids = q.appraisal_user_person_ids(request.user)
    return render(
        request,
        "oversight/appraisal_detail.html",
        {
            "a": a,
            "can": can,
            "is_staff": is_staff,
            "criteria": q.appraisal_criteria(a),
            "rows": q.appraisal_ranking(a, opinions=True),
            "counts": q.appraisal_sheet_counts(a),
            "key_problems": list(q.appraisal_key_problems(a)),
            "may_score": a.state == AppraisalState.SCORING
            and (is_staff or (bool(person_ids) and allowed(request.user, "oversight.score", a))),
            "provisional": a.state in (AppraisalState.DRAFT, AppraisalState.SCORING),
            "history": activity_entries(subject=a, limit=50),
            # The rectification items open to the town's staff and presidium (a deputy sees the counts only).
            "can_items": allowed(request.user, "oversight.verify", a),
        },
    )


appraisal_detail.model = Appraisal


def _step(run, done):
    @login_required
    @require_POST
    def view(request, pk):
        a = q.appraisal_get_for(user=request.user, pk=pk)
        raw = request.POST.get("version", "")
        version = int(raw) if raw.isdigit() and len(raw) < 10 else None
        return web_step(
            request, lambda: run(appraisal=a, actor=request.user, version=version), done=done, target=a
        )

    view.model = Appraisal
    return view


appraisal_open = _step(services.appraisal_open, gettext_lazy("已开始测评"))
appraisal_close = _step(services.appraisal_close, gettext_lazy("已结束测评，排名已计算"))
appraisal_publish = _step(services.appraisal_publish, gettext_lazy("已公布评议结果"))


def _score_context(request, a: Appraisal, bound: dict | None = None) -> dict:
    """The score page: each station with the user's sheet (done) or a form."""
    criteria = q.appraisal_criteria(a)
    is_staff = allowed(request.user, "oversight.manage", a)
    deputies = q.appraisal_deputies(a) if is_staff else None
    done = q.appraisal_scored_station_ids(a, person_ids=q.appraisal_user_person_ids(request.user))
    rows = []
    for st in q.appraisal_stations_public(a):
        form = (bound or {}).get(st.pk) or ScoreForm(criteria=criteria, deputies=deputies, prefix=f"s{st.pk}")
        rows.append({"station": st, "sheet": None if is_staff else done.get(st.pk), "form": form})
    return {"a": a, "rows": rows, "is_staff": is_staff, "scoring": a.state == AppraisalState.SCORING}


@login_required
def appraisal_score(request, pk):
    a = q.appraisal_get_for(user=request.user, pk=pk)
    if not (allowed(request.user, "oversight.manage", a) or allowed(request.user, "oversight.score", a)):
        raise PermissionDenied
    return render(request, "oversight/appraisal_score.html", _score_context(request, a))


appraisal_score.model = Appraisal


@login_required
@require_POST
def station_score(request, pk):
    st = q.appraisal_station_get_for(user=request.user, pk=pk)
    a = st.appraisal
    is_staff = allowed(request.user, "oversight.manage", st)
    form = ScoreForm(
        request.POST,
        criteria=q.appraisal_criteria(a),
        deputies=q.appraisal_deputies(a) if is_staff else None,
        prefix=f"s{st.pk}",
    )

    def run(d):
        if is_staff:
            deputy = d["deputy"]
        else:
            ids = sorted(q.appraisal_user_person_ids(request.user))
            deputy = q.appraisal_deputies(a).filter(pk__in=ids).first()
            if deputy is None:
                raise PermissionDenied(_("只有本镇（街道）的代表可以测评"))
        return services.appraisal_score_deputy(
            station=st, deputy=deputy, scores=form.scores(), opinion=d["opinion"], actor=request.user
        )

    return web_form_page(
        request,
        form,
        run,
        template="oversight/appraisal_score.html",
        context=lambda: _score_context(request, a, {st.pk: form}),
        done=_("已提交对“%(station)s”的测评表") % {"station": st},
        target=reverse("oversight:appraisal-score", args=[a.pk]),
        form_name="score_form",
    )


station_score.model = AppraisalStation
station_score.form_name = "score_form"


@login_required
def station_key_problem(request, pk):
    st = q.appraisal_station_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "oversight.decide", st):
        raise PermissionDenied
    a = st.appraisal
    form = KeyProblemForm(request.POST or None, station=st, initial={"version": a.version})
    return web_form_page(
        request,
        form,
        lambda d: services.appraisal_key_problem_select(
            station=st,
            title=d["title"],
            description=d["description"],
            unit=d["unit"],
            actor=request.user,
            version=d.get("version"),
        ),
        template="oversight/act_form.html",
        context={"title": _("选取重点问题：%(station)s") % {"station": st}, "back": a},
        done=_("已选取重点问题，并交办整改事项"),
        target=a,
    )


station_key_problem.model = AppraisalStation


@login_required
def appraisal_notice(request, pk):
    """The printed notice (a page to print): the stations, how to score, the QR code of the portal form."""
    a = q.appraisal_get_for(user=request.user, pk=pk)
    if a.state == AppraisalState.DRAFT or not allowed(request.user, "oversight.manage", a):
        raise Http404
    from renda.receptions.documents import qr_svg_data_uri

    url = _notice_url(a, request)
    return render(
        request,
        "oversight/appraisal_notice.html",
        {
            "a": a,
            "url": url,
            "qr": qr_svg_data_uri(url, scale=6),
            "stations": list(q.appraisal_stations_public(a)),
            "criteria": q.appraisal_criteria(a),
        },
    )


appraisal_notice.model = Appraisal


@login_required
def appraisal_results_docx(request, pk):
    a = q.appraisal_get_for(user=request.user, pk=pk)
    if a.state not in (AppraisalState.CLOSED, AppraisalState.PUBLISHED):
        raise Http404
    body = documents.appraisal_results_docx(a, q.appraisal_ranking(a)).getvalue()
    response = HttpResponse(body, content_type=documents.DOCX)
    response["Content-Disposition"] = f'attachment; filename="appraisal-{a.pk}.docx"'
    return response


appraisal_results_docx.model = Appraisal

urlpatterns: list = [
    path("appraisals/", appraisal_list, name="appraisal-list"),
    path("appraisals/new/", appraisal_new, name="appraisal-new"),
    path("appraisals/<int:pk>/", appraisal_detail, name="appraisal-detail"),
    path("appraisals/<int:pk>/open/", appraisal_open, name="appraisal-open"),
    path("appraisals/<int:pk>/close/", appraisal_close, name="appraisal-close"),
    path("appraisals/<int:pk>/publish/", appraisal_publish, name="appraisal-publish"),
    path("appraisals/<int:pk>/score/", appraisal_score, name="appraisal-score"),
    path("appraisals/<int:pk>/notice/", appraisal_notice, name="appraisal-notice"),
    path("appraisals/<int:pk>/results.docx", appraisal_results_docx, name="appraisal-docx"),
    path("appraisal-stations/<int:pk>/score/", station_score, name="appraisal-station-score"),
    path("appraisal-stations/<int:pk>/key-problem/", station_key_problem, name="appraisal-key-problem"),
]
