"""Vote pages: creating a vote in a session, its detail, recording (and counting) and correcting its counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.audit import activity_entries
from renda.core.permissions import allowed
from renda.core.web import web_form_page
from renda.core.workflow import workflow_can

from .. import forms, queries, services
from ..models import Session, Vote
from .sessions import on_session_page


def _vote_page(pk) -> str:
    return reverse("congress:vote-detail", kwargs={"pk": pk})


@login_required
@require_POST
def vote_create(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    form = forms.VoteCreateForm(request.POST, session=session)
    return on_session_page(
        request, session, form, "vote_form",
        lambda d: services.vote_create(session=session, actor=request.user, **d),
        done=_("已新建表决事项"), target=lambda vote: _vote_page(vote.pk),
    )  # fmt: skip


vote_create.model = Session


def _vote_context(request, vote) -> dict:
    editable = services.vote_counts_editable(vote)
    initial = {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain, "not_voting": vote.not_voting}
    return {
        "vote": vote,
        "can_record": editable and allowed(request.user, "congress.vote_record", vote),
        "can_close": workflow_can(vote, "close", request.user),
        "can_correct": not editable and workflow_can(vote, "correct", request.user),
        "counts_form": forms.CountsForm(initial=initial),
        "correction_form": forms.CorrectionForm(initial=initial),
        "corrections": list(vote.corrections.select_related("actor")),
        "history": activity_entries(subject=vote, limit=50),
    }


def _on_vote_page(request, vote, form, form_name: str, run, *, done):
    return web_form_page(
        request, form, run, template="congress/vote_detail.html", context=lambda: _vote_context(request, vote),
        done=done, target=_vote_page(vote.pk), form_name=form_name, refused=_vote_page(vote.pk),
    )  # fmt: skip


@login_required
def vote_detail(request, pk):
    vote = queries.vote_get_for(user=request.user, pk=pk)
    return render(request, "congress/vote_detail.html", _vote_context(request, vote))


vote_detail.model = Vote


@login_required
@require_POST
def vote_record(request, pk):
    vote = queries.vote_get_for(user=request.user, pk=pk)
    form = forms.CountsForm(request.POST)
    close = request.POST.get("action") == "close"
    return _on_vote_page(
        request, vote, form, "counts_form",
        lambda d: services.vote_record(vote=vote, counts=d, close=close, actor=request.user),
        done=_("已计票") if close else _("票数已保存"),
    )  # fmt: skip


vote_record.model = Vote


@login_required
@require_POST
def vote_correct(request, pk):
    vote = queries.vote_get_for(user=request.user, pk=pk)
    form = forms.CorrectionForm(request.POST)

    def run(d):
        data = dict(d)
        reason = data.pop("reason")
        return services.vote_correct(vote=vote, counts=data, reason=reason, actor=request.user)

    return _on_vote_page(request, vote, form, "correction_form", run, done=_("已更正"))


vote_correct.model = Vote
