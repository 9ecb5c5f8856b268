"""Motion pages: the list, drafting one, its detail, co-signing, lodging, the presidium's decision, withdrawal."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activity_entries
from renda.core.exports import Column, csv_export
from renda.core.permissions import allowed
from renda.core.web import web_form_page, web_step
from renda.core.workflow import workflow_actions_for
from renda.suggestions.queries import suggestion_visible

from .. import forms, queries, services
from ..enums import MotionKind, MotionSource, MotionState
from ..models import Motion
from ._common import page_size, query_id, query_year


def _detail(pk) -> str:
    return reverse("congress:motion-detail", kwargs={"pk": pk})


# The list's columns as its CSV download (core.exports).
MOTION_COLUMNS = [
    Column(gettext_lazy("议案号"), "number"),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("案由"), "title"),
    Column(gettext_lazy("类型"), "kind"),
    Column(gettext_lazy("会议"), lambda m: str(m.session)),
    Column(gettext_lazy("提出方"), "source"),
    Column(gettext_lazy("领衔代表"), "lead.name"),
    Column(gettext_lazy("联名"), "n_signers"),
    Column(gettext_lazy("状态"), "state"),
]


@login_required
def motion_list(request):
    qs = queries.motions_visible_to(user=request.user)
    town, year = query_id(request, "town"), query_year(request)
    session, state, kind = query_id(request, "session"), request.GET.get("state"), request.GET.get("kind")
    if town:
        qs = qs.filter(town=town)
    if year:
        qs = qs.filter(session__start_date__year=year)
    if session:
        qs = qs.filter(session=session)
    if state in MotionState.values:
        qs = qs.filter(state=state)
    if kind in MotionKind.values:
        qs = qs.filter(kind=kind)
    qs = qs.order_by("-session__start_date", "number", "id")
    if export := csv_export(request, qs, columns=MOTION_COLUMNS, filename="motions"):
        return export
    page = Paginator(qs, page_size()).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "congress/motion_list.html",
        {
            "page": page, "querystring": query.urlencode(), "states": MotionState.choices,
            "towns": queries.congress_towns_for(user=request.user, roles=queries.MEMBERS),
            "f": {"town": town, "year": year, "state": state, "session": session},
        },
    )  # fmt: skip


def _motion_form(request, data=None):
    sessions = queries.sessions_visible_to(user=request.user)
    persons = queries.motion_lead_choices(user=request.user)
    form = forms.MotionForm(
        data, sessions=sessions, persons=persons, initial={"session": request.GET.get("session")}
    )
    if not queries.congress_towns_for(user=request.user, roles=queries.STAFF):
        del form.fields["lead"]
        form.fields["source"].choices = [(MotionSource.DEPUTIES, MotionSource.DEPUTIES.label)]
    return form


@login_required
def motion_create(request):
    form = _motion_form(request, request.POST or None)
    return web_form_page(
        request,
        form,
        lambda d: services.motion_create(actor=request.user, **d),
        template="congress/form.html",
        context={"title": _("提出议案")},
        done=_("已保存，请邀请其他代表在系统中附议"),
        target=lambda motion: _detail(motion.pk),
    )


def _motion_context(request, motion) -> dict:
    signers = list(motion.signers.select_related("person"))
    own = grants_of(request.user).person_ids
    signed = {s.person_id for s in signers}
    actions = {t.action for t in workflow_actions_for(motion, request.user)}
    return {
        "motion": motion,
        "signers": signers,
        "need": services.motion_min_signers(motion),
        "can_cosign": services.motion_open_for_signing(motion) and bool(set(own) - signed),
        "can_lodge": "lodge" in actions,
        "can_decide": {"put_on_agenda", "keep_off_agenda"} & actions,
        "can_withdraw": {"withdraw", "withdraw_consented"} & actions,
        "presidium": allowed(request.user, "congress.motion_decide", motion),
        "suggestion_link": suggestion_visible(user=request.user, pk=motion.suggestion_id),
        "history": activity_entries(subject=motion, limit=100),
        "decide_form": forms.DecideForm(),
        "reason_form": forms.ReasonForm(),
        "votes": list(motion.votes.all()),
    }


@login_required
def motion_detail(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    return render(request, "congress/motion_detail.html", _motion_context(request, motion))


motion_detail.model = Motion


@login_required
@require_POST
def motion_cosign(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    person = queries.own_person_in_town(user=request.user, town=motion.town)

    def run():
        if person is None:
            raise PermissionDenied(_("附议须由代表本人确认"))
        services.motion_cosign(motion=motion, person=person, actor=request.user)

    return web_step(request, run, done=_("已附议"), target=_detail(pk))


motion_cosign.model = Motion


@login_required
@require_POST
def motion_lodge(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    reason = request.POST.get("reason", "")
    return web_step(
        request,
        lambda: services.motion_lodge(motion=motion, override_reason=reason, actor=request.user),
        done=_("议案已提出"),
        target=_detail(pk),
    )


motion_lodge.model = Motion


@login_required
@require_POST
def motion_decide(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    form = forms.DecideForm(request.POST)
    return web_form_page(
        request,
        form,
        lambda d: services.motion_decide(
            motion=motion, on_agenda=d["decision"] == "on", reason=d["reason"], actor=request.user
        ),
        template="congress/motion_detail.html",
        context=lambda: _motion_context(request, motion),
        done=_("主席团决定已记录"),
        target=_detail(pk),
        form_name="decide_form",
        refused=_detail(pk),
    )


motion_decide.model = Motion


@login_required
@require_POST
def motion_withdraw(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    form = forms.ReasonForm(request.POST)
    return web_form_page(
        request,
        form,
        lambda d: services.motion_withdraw(motion=motion, reason=d["reason"], actor=request.user),
        template="congress/motion_detail.html",
        context=lambda: _motion_context(request, motion),
        done=_("议案已撤回"),
        target=_detail(pk),
        form_name="reason_form",
        refused=_detail(pk),
    )


motion_withdraw.model = Motion
