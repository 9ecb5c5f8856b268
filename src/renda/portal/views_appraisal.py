"""Public pages of the station appraisal (no login): the voters' score form opened from the printed notice's QR
code (?t=token) and the published results (ranking and each station's rectification status; no phone numbers,
no names per sheet). The town is resolved from the token; queries then run inside its scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scope

from renda.core.actors import CITIZEN
from renda.core.errors import Conflict
from renda.core.web import error_text, errors_to_form
from renda.oversight import queries_appraisal as q
from renda.oversight import services as oversight
from renda.oversight.documents_appraisal import rectification_status
from renda.oversight.enums import AppraisalState
from renda.oversight.forms_appraisal import VoterScoreForm

from . import services


def _public(view):
    view.public = True
    return view


@_public
def appraisal(request):
    """The voter's score sheet: a station, their phone, a score per criterion, an opinion."""
    a = q.appraisal_by_token(request.GET.get("t", ""))
    if a is None:
        raise Http404
    with scope(town=[a.town_id]):  # tenant resolution for a public page
        stations = q.appraisal_stations_public(a)
        form = VoterScoreForm(request.POST or None, appraisal=a, stations=stations)
        if request.method == "POST" and a.state == AppraisalState.SCORING and form.is_valid():
            d = form.cleaned_data
            try:
                oversight.appraisal_score_voter(
                    station=d["station"],
                    phone=d["phone"],
                    scores=form.scores(),
                    opinion=d["opinion"],
                    ip=services.client_address(request),
                    actor=CITIZEN,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            except (Conflict, PermissionDenied, oversight.RateLimited) as exc:
                form.add_error(None, error_text(exc))
            else:
                return redirect(reverse("portal:appraisal") + f"?t={a.token}&done={d['station'].pk}")
        done = request.GET.get("done", "")
        done_station = stations.filter(pk=int(done)).first() if done.isdigit() and len(done) < 10 else None
        return render(
            request,
            "portal/appraisal.html",
            {
                "a": a,
                "form": form,
                "scoring": a.state == AppraisalState.SCORING,
                "done_station": done_station,
                "stations": list(stations),
            },
        )


@_public
def appraisal_results(request):
    """The published results: the ranking with scores and each station's rectification status."""
    a = q.appraisal_by_token(request.GET.get("t", ""))
    if a is None or a.state != AppraisalState.PUBLISHED:
        raise Http404
    with scope(town=[a.town_id]):  # tenant resolution for a public page
        rows = [(r, rectification_status(r)) for r in q.appraisal_ranking(a)]
        criteria = q.appraisal_criteria(a)
    return render(request, "portal/appraisal_results.html", {"a": a, "rows": rows, "criteria": criteria,
                                                               "title": _("评议结果")})  # fmt: skip
