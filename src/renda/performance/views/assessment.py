"""Pages of the yearly assessment: the town's year (its rules, the run, the ranking), the rules form, an
assessment's ranking, one deputy's points with the records behind each point, and a correction."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.audit import activity_entries
from renda.core.permissions import allowed
from renda.core.records import record_kinds
from renda.core.web import web_form_page, web_step

from .. import queries as q
from ..forms import CorrectForm, RulesForm
from ..models import Assessment, AssessmentScore
from ..services import assessment as services
from ._common import staff_town, year_of


def _year_url(town, year) -> str:
    return f"{reverse('performance:assessment')}?town={town.pk}&year={year}"


@login_required
def assessment_year(request):
    """A town's year: the rules in force (or frozen), and the assessment once run."""
    town = staff_town(request)
    year = year_of(request)
    rules = q.rules_for(town=town, year=year)
    kinds = record_kinds()
    return render(
        request,
        "performance/assessment_year.html",
        {
            "town": town,
            "year": year,
            "assessment": q.assessment_of(town=town, year=year),
            "rules": [(str(label), rules.get(k, {"points": 0, "cap": None})) for k, label in kinds.items()],
        },
    )


@login_required
def rules_edit(request):
    town = staff_town(request)
    year = year_of(request)
    if not allowed(request.user, "performance.manage", town):
        raise PermissionDenied
    form = RulesForm(request.POST or None, rules=q.rules_for(town=town, year=year))
    return web_form_page(
        request, form,
        lambda d: services.point_rules_set(
            town=town, year=year, rules=form.rules(), actor=request.user, version=d.get("version")
        ),
        template="performance/rules_form.html", context={"title": _("调整考核计分规则"), "town": town, "year": year},
        done=_("已调整%(year)s年度考核计分规则") % {"year": year}, target=_year_url(town, year),
    )  # fmt: skip


@login_required
@require_POST
def assessment_run(request):
    town = staff_town(request)
    year = year_of(request)
    return web_step(
        request,
        lambda: services.assessment_run(town=town, year=year, actor=request.user),
        done=_("已完成%(year)s年度代表履职考核") % {"year": year},
        target=lambda a: a,
        failed=_year_url(town, year),
    )


@login_required
def assessment_detail(request, pk):
    assessment = q.assessment_get_for(user=request.user, pk=pk)
    return render(
        request,
        "performance/assessment_detail.html",
        {
            "assessment": assessment,
            "scores": list(q.scores_of(assessment)),
            "can_manage": allowed(request.user, "performance.manage", assessment),
            "history": activity_entries(subject=assessment, limit=20),
        },
    )


assessment_detail.model = Assessment


@login_required
def score_detail(request, pk):
    score = q.score_get_for(user=request.user, pk=pk)
    return render(
        request,
        "performance/score_detail.html",
        {
            "score": score,
            "kinds": list(score.breakdown.values()),
            "corrections": q.corrections_of(score),
            "can_manage": allowed(request.user, "performance.manage", score),
            "history": activity_entries(subject=score, limit=20),
        },
    )


score_detail.model = AssessmentScore


@login_required
def score_correct(request, pk):
    score = q.score_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "performance.manage", score):
        raise PermissionDenied
    form = CorrectForm(request.POST or None)
    return web_form_page(
        request, form,
        lambda d: services.score_correct(score=score, delta=d["delta"], reason=d["reason"], actor=request.user),
        template="performance/form.html", context={"title": _("更正考核得分"), "back": score},
        done=_("已更正考核得分"), target=score,
    )  # fmt: skip


score_correct.model = AssessmentScore


urlpatterns: list = [
    path("assessment/", assessment_year, name="assessment"),
    path("assessment/rules/", rules_edit, name="rules-edit"),
    path("assessment/run/", assessment_run, name="assessment-run"),
    path("assessments/<int:pk>/", assessment_detail, name="assessment-detail"),
    path("scores/<int:pk>/", score_detail, name="score-detail"),
    path("scores/<int:pk>/correct/", score_correct, name="score-correct"),
]
