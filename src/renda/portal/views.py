"""Public pages (no login): reception notices, liaison posts with their QR codes, the appeal form, and
appeal tracking. Towns are resolved from a town code or an opaque token; queries then run inside that
town's scope. Nothing personal of anyone is ever shown here."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from renda.core.actors import CITIZEN
from renda.core.errors import Conflict
from renda.core.web import error_text, errors_to_form
from renda.core.workflow import workflow_can
from renda.receptions import documents
from renda.receptions import services as reception_services
from renda.receptions.queries import category_label

from . import queries, services
from .forms import PublicAppealForm, TrackForm, VoterFeedbackForm


def _ip(request) -> str:
    return services.client_address(request)


def _public(view):
    view.public = True
    return view


@_public
def index(request):
    towns = queries.towns_active()
    return render(request, "portal/index.html", {"towns": towns})


@_public
def town(request):
    town = services.town_by_code(request.GET.get("code", ""))
    if town is None:
        raise Http404
    today = timezone.localdate()
    with scope(town=[town.pk]):  # tenant resolution for a public page
        days = list(queries.days_published(town=town, today=today)[:30])
        posts = []
        for post in queries.liaison_posts_open(town=town):
            token = reception_services.place_code_for(liaison_post=post).token
            url = documents.appeal_form_url(token, request)
            posts.append(
                {"post": post, "url": url, "qr": documents.qr_svg_data_uri(url, scale=3), "token": token}
            )
    return render(request, "portal/town.html", {"town": town, "days": days, "posts": posts})


@_public
def notice(request):
    """The public notice (公示) of one reception day: who, when, where."""
    found = services.place_by_token(request.GET.get("place", ""))
    if found is None or found[1] is None:
        raise Http404
    town, day, _post = found
    with scope(town=[town.pk]):  # tenant resolution for a public page
        deputies = [p.name for p in day.deputies.all()]
    url = documents.appeal_form_url(day.token, request)
    return render(
        request,
        "portal/notice.html",
        {"town": town, "day": day, "deputies": deputies, "url": url, "qr": documents.qr_svg_data_uri(url)},
    )


@_public
def appeal(request):
    """The appeal form: opened from a QR code (?place=token) or from the town page (?town=code)."""
    place = request.GET.get("place", "")
    day = post = None
    if place:
        found = services.place_by_token(place)
        if found is None:
            raise Http404
        town, day, post = found
    else:
        town = services.town_by_code(request.GET.get("town", ""))
        if town is None:
            raise Http404
    question, token = services.challenge_new()
    form = PublicAppealForm(
        request.POST or None,
        request.FILES or None,
        town=town,
        question=question,
        initial={"challenge": token},
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                appeal = services.public_appeal_submit(
                    town=town,
                    data={
                        k: data[k]
                        for k in ("content", "category", "village", "citizen_name", "citizen_phone")
                    },
                    ip=_ip(request),
                    challenge_token=data["challenge"],
                    challenge_answer=data["answer"],
                    honeypot=data.get("website", ""),
                    reception_day=day,
                    liaison_post=post,
                    photos=data.get("photos") or [],
                    actor=CITIZEN,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            except services.RateLimited as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(reverse("portal:appeal-done") + "?r=" + services.done_token(appeal))
        # A new challenge for the next try (the old answer is not kept).
        form.data = form.data.copy()
        form.data["challenge"] = token
        form.data["answer"] = ""
    return render(
        request,
        "portal/appeal.html",
        {"form": form, "town": town, "day": day, "post": post, "question": question},
    )


@_public
def appeal_done(request):
    code = services.done_code(request.GET.get("r", ""))
    if code is None:
        raise Http404
    return render(request, "portal/appeal_done.html", {"code": code})


@_public
def track(request):
    """Tracking: the code plus the phone's last four digits show status and reply, nothing else."""
    form = TrackForm(request.POST or None)
    appeal = None
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.track(
                tracking_code=form.cleaned_data["code"],
                phone_last4=form.cleaned_data["last4"],
                ip=_ip(request),
            )
        except services.RateLimited as exc:
            form.add_error(None, str(exc))
        else:
            if appeal is None:
                form.add_error(None, _("查询码或手机号后四位不正确"))
    feedback = None
    if appeal is not None and workflow_can(appeal, "close", CITIZEN):
        feedback = VoterFeedbackForm(
            initial={"code": appeal.tracking_code, "last4": form.cleaned_data["last4"]}
        )
    return render(
        request,
        "portal/track.html",
        {
            "form": form,
            "appeal": appeal,
            "category": category_label(appeal.category) if appeal else "",
            "due_provisional": appeal is not None and services.track_due_provisional(appeal),
            "feedback": feedback,
            "can_review": appeal is not None and appeal.reviews < settings.RENDA["APPEAL_REVIEWS_MAX"],
        },
    )


@_public
@require_POST
def feedback(request):
    form = VoterFeedbackForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.voter_feedback(
                tracking_code=d["code"],
                phone_last4=d["last4"],
                satisfaction=d["satisfaction"],
                note=d["note"],
                second_look=d["second_look"],
                ip=_ip(request),
                actor=CITIZEN,
            )
        except (ValidationError, Conflict, PermissionDenied, services.RateLimited) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("感谢您的评价"))
    else:
        messages.error(request, _("请选择满意度"))
    return render(request, "portal/feedback_done.html", {})
