"""Congress pages: parse input, call one service, render. Every POST answers with a redirect and a message,
so a refused step (not allowed, wrong state, invalid input) shows why on the page it came from."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activities_for, activity_label
from renda.core.errors import Conflict, error_messages
from renda.core.types import IdField, YearField, query_value
from renda.registry.models import Person

from . import documents, forms, queries, services
from .enums import FlagState, MotionKind, MotionSource, MotionState, Presence, SessionKind, SessionState
from .models import AbsenceFlag, AgendaItem, LeaveRequest, Motion, Session, SessionDocument, Vote


def _page_size() -> int:
    from django.conf import settings

    return settings.RENDA["PAGE_SIZE"]


def _do(request, target: str, fn, success: str):
    """Run one service; show its refusal as a message. Always a redirect (POST/redirect/GET)."""
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, "；".join(error_messages(exc)))
    except (PermissionDenied, Conflict) as exc:
        messages.error(request, str(exc) or _("无权进行此操作"))
    else:
        messages.success(request, success)
    return redirect(target)


def _form_errors(request, form, target: str):
    for name, errs in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}：{e}" if label else e)
    return redirect(target)


def _id(request, name: str) -> int | None:
    return query_value(request, name, IdField())


def _year(request, default=None) -> int | None:
    return query_value(request, "year", YearField(), default)


def _date(value, default=None):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


def _docx(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- sessions -------------------------------------------------------------------------------------


@login_required
def session_list(request):
    qs = queries.sessions_visible_to(user=request.user)
    town, year, kind = _id(request, "town"), _year(request), request.GET.get("kind")
    if town:
        qs = qs.filter(town=town)
    if year:
        qs = qs.filter(start_date__year=year)
    if kind in SessionKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("-start_date", "town__code"), _page_size()).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    towns = queries.congress_towns_for(user=request.user)
    return render(
        request,
        "congress/session_list.html",
        {
            "page": page, "querystring": query.urlencode(), "kinds": SessionKind.choices,
            "towns": queries.congress_towns_for(user=request.user, roles=queries.MEMBERS),
            "f": {"town": town, "year": year, "kind": kind}, "can_create": bool(towns),
        },
    )  # fmt: skip


@login_required
def session_create(request):
    towns = [
        t for t in queries.congress_towns_for(user=request.user) if services.can_manage(request.user, t.pk)
    ]
    if not towns:
        raise PermissionDenied
    form = forms.SessionForm(request.POST or None, towns=towns)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        town = data.pop("town")
        try:
            session = services.session_create(town=town, data=data, actor=request.user)
        except ValidationError as exc:
            for m in error_messages(exc):
                form.add_error(None, m)
        except (PermissionDenied, Conflict) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("congress:session-detail", pk=session.pk)
    return render(request, "congress/form.html", {"form": form, "title": _("新建人代会会议")})


@login_required
def session_detail(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    items = list(session.items.prefetch_related("documents", "opinions", "opinions__group"))
    can_manage = services.can_manage(request.user, session.town_id)
    presidium = services.acts_for_presidium(request.user, session.town_id)
    own = grants_of(request.user).person_ids
    leaves = queries.session_leaves_for(user=request.user, session=session)
    today = timezone.localdate()
    day = min(max(today, session.start_date), session.end_date)
    ctx = {
        "session": session,
        "items": items,
        "documents": list(session.documents.filter(item__isnull=True)),
        "leaves": leaves,
        "votes": list(session.votes.select_related("motion", "item")),
        "motions": list(session.motions.select_related("lead").order_by("number", "id")),
        "can_manage": can_manage and session.state != SessionState.CLOSED,
        "presidium": presidium,
        "is_deputy": bool(own),
        "agenda_form": forms.AgendaItemForm(),
        "document_form": forms.DocumentForm(session=session),
        "vote_form": forms.VoteCreateForm(session=session),
        "leave_form": forms.LeaveForm(
            persons=queries.serving_persons(term=session.term, on=day)
            if can_manage
            else Person.objects.filter(pk__in=own, town=session.town),
            initial={"first_day": session.start_date, "last_day": session.end_date},
        ),
        "opinion_form": forms.OpinionForm(town_id=session.town_id),
        "history": [(e, activity_label(e.code)) for e in activities_for(subject=session)[:50]],
        "days": services._session_days(session),
    }
    return render(request, "congress/session_detail.html", ctx)


session_detail.model = Session


@login_required
@require_POST
def session_agenda_add(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    target = reverse("congress:session-detail", kwargs={"pk": pk})
    form = forms.AgendaItemForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, target)
    return _do(
        request, target,
        lambda: services.agenda_item_add(session=session, actor=request.user, **form.cleaned_data),
        _("已增加议程"),
    )  # fmt: skip


session_agenda_add.model = Session


@login_required
@require_POST
def session_document_add(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    target = reverse("congress:session-detail", kwargs={"pk": pk})
    form = forms.DocumentForm(request.POST, request.FILES, session=session)
    if not form.is_valid():
        return _form_errors(request, form, target)
    return _do(
        request, target,
        lambda: services.session_document_add(session=session, actor=request.user, **form.cleaned_data),
        _("已上传"),
    )  # fmt: skip


session_document_add.model = Session


@login_required
def document_download(request, pk):
    doc = queries.document_get_for(user=request.user, pk=pk)
    try:
        content = doc.file.read()
    except (FileNotFoundError, ValueError, OSError):
        messages.error(request, _("文件不存在或已被移除"))
        return redirect("congress:session-detail", pk=doc.session_id)
    from urllib.parse import quote

    name = doc.file.name.rsplit("/", 1)[-1]
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


document_download.model = SessionDocument


@login_required
@require_POST
def session_leave_add(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    target = reverse("congress:session-detail", kwargs={"pk": pk})
    persons = Person.objects.filter(town=session.town)
    form = forms.LeaveForm(request.POST, persons=persons)
    if not form.is_valid():
        return _form_errors(request, form, target)
    return _do(
        request, target,
        lambda: services.leave_request_create(session=session, actor=request.user, **form.cleaned_data),
        _("已提交请假"),
    )  # fmt: skip


session_leave_add.model = Session


@login_required
@require_POST
def leave_decide(request, pk):
    leave = queries.leave_request_get_for(user=request.user, pk=pk)
    approve = request.POST.get("decision") == "approve"
    return _do(
        request, reverse("congress:session-detail", kwargs={"pk": leave.session_id}),
        lambda: services.leave_request_decide(leave=leave, approve=approve, actor=request.user),
        _("已批准请假") if approve else _("已不批准请假"),
    )  # fmt: skip


leave_decide.model = LeaveRequest


@login_required
def session_rollcall(request, pk):
    """The roll call of one day: every deputy serving that day, present / on approved leave / absent."""
    session = queries.session_get_for(user=request.user, pk=pk)
    days = services._session_days(session)
    day = _date(request.GET.get("day") or request.POST.get("day"), None)
    if day not in days:
        today = timezone.localdate()
        day = today if today in days else days[0]
    target = reverse("congress:session-rollcall", kwargs={"pk": pk}) + f"?day={day.isoformat()}"
    if request.method == "POST":
        if request.POST.get("action") == "open":
            return _do(
                request, reverse("congress:session-detail", kwargs={"pk": pk}),
                lambda: services.session_open(session=session, day=day, actor=request.user),
                _("已宣布开会"),
            )  # fmt: skip
        presence = {int(k[2:]): v for k, v in request.POST.items() if k.startswith("p_") and k[2:].isdigit()}

        def run():
            flags = services.roll_call_record(session=session, day=day, presence=presence, actor=request.user)
            for flag in flags:
                messages.warning(
                    request,
                    _("%(p)s：%(k)s（已通知相关人员）")
                    % {"p": flag.person.name, "k": flag.get_kind_display()},
                )

        return _do(request, target, run, _("签到已保存"))
    rc = queries.roll_call_for(session=session, day=day)
    return render(
        request,
        "congress/rollcall.html",
        {
            "session": session, "day": day, "days": days, "rows": rc.rows, "choices": Presence.choices,
            "present": rc.present, "serving": rc.serving, "needed": rc.needed, "recorded": rc.recorded,
            "can_manage": services.can_manage(request.user, session.town_id) and session.state != SessionState.CLOSED,
            "can_open": session.state == SessionState.PLANNED,
        },
    )  # fmt: skip


session_rollcall.model = Session


@login_required
@require_POST
def session_close(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    return _do(
        request, reverse("congress:session-detail", kwargs={"pk": pk}),
        lambda: services.session_close(session=session, actor=request.user),
        _("会议已闭幕"),
    )  # fmt: skip


session_close.model = Session


@login_required
def session_agenda_docx(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    content = documents.agenda_docx(session=session, items=list(session.items.all()))
    return _docx(content, f"{session}议程.docx")


session_agenda_docx.model = Session


@login_required
def session_decisions_docx(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    content = documents.decisions_docx(session=session, votes=list(session.votes.all()))
    return _docx(content, f"{session}表决事项.docx")


session_decisions_docx.model = Session


@login_required
def agenda_item_cover_docx(request, pk):
    item = queries.agenda_item_get_for(user=request.user, pk=pk)
    return _docx(documents.cover_docx(item=item), f"{item.title}封面.docx")


agenda_item_cover_docx.model = AgendaItem


@login_required
@require_POST
def agenda_item_opinion_add(request, pk):
    item = queries.agenda_item_get_for(user=request.user, pk=pk)
    target = reverse("congress:session-detail", kwargs={"pk": item.session_id})
    form = forms.OpinionForm(request.POST, town_id=item.town_id)
    if not form.is_valid():
        return _form_errors(request, form, target)
    return _do(
        request, target,
        lambda: services.deliberation_opinion_add(item=item, actor=request.user, **form.cleaned_data),
        _("已登记审议意见"),
    )  # fmt: skip


agenda_item_opinion_add.model = AgendaItem


# --- votes -----------------------------------------------------------------------------------------


@login_required
@require_POST
def vote_create(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    target = reverse("congress:session-detail", kwargs={"pk": pk})
    form = forms.VoteCreateForm(request.POST, session=session)
    if not form.is_valid():
        return _form_errors(request, form, target)
    created = {}

    def run():
        created["vote"] = services.vote_create(session=session, actor=request.user, **form.cleaned_data)

    response = _do(request, target, run, _("已新建表决事项"))
    if "vote" in created:
        return redirect("congress:vote-detail", pk=created["vote"].pk)
    return response


vote_create.model = Session


@login_required
def vote_detail(request, pk):
    vote = queries.vote_get_for(user=request.user, pk=pk)
    can_manage = services.can_manage(request.user, vote.town_id)
    closed_session = vote.session.state == SessionState.CLOSED
    initial = {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain, "not_voting": vote.not_voting}
    return render(
        request,
        "congress/vote_detail.html",
        {
            "vote": vote,
            "can_record": can_manage and not closed_session,
            "can_correct": can_manage and closed_session and vote.state == "closed",
            "counts_form": forms.CountsForm(initial=initial),
            "correction_form": forms.CorrectionForm(initial=initial),
            "corrections": list(vote.corrections.select_related("actor")),
            "history": [(e, activity_label(e.code)) for e in activities_for(subject=vote)[:50]],
        },
    )


vote_detail.model = Vote


@login_required
@require_POST
def vote_record(request, pk):
    vote = queries.vote_get_for(user=request.user, pk=pk)
    target = reverse("congress:vote-detail", kwargs={"pk": pk})
    form = forms.CountsForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, target)
    close = request.POST.get("action") == "close"

    def run():
        v = services.vote_record(vote=vote, counts=form.cleaned_data, actor=request.user)
        if close and v.state == "open":
            services.vote_close(vote=v, actor=request.user)

    return _do(request, target, run, _("已计票") if close else _("票数已保存"))


vote_record.model = Vote


@login_required
@require_POST
def vote_correct(request, pk):
    vote = queries.vote_get_for(user=request.user, pk=pk)
    target = reverse("congress:vote-detail", kwargs={"pk": pk})
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, target)
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    return _do(
        request, target,
        lambda: services.vote_correct(vote=vote, counts=data, reason=reason, actor=request.user),
        _("已更正"),
    )  # fmt: skip


vote_correct.model = Vote


# --- motions -------------------------------------------------------------------------------------


@login_required
def motion_list(request):
    qs = queries.motions_visible_to(user=request.user)
    town, year = _id(request, "town"), _year(request)
    session, state, kind = _id(request, "session"), request.GET.get("state"), request.GET.get("kind")
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
    page = Paginator(qs.order_by("-session__start_date", "number", "id"), _page_size()).get_page(
        request.GET.get("page")
    )
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
    own = grants_of(request.user).person_ids
    manageable = [t.pk for t in queries.congress_towns_for(user=request.user, roles=queries.STAFF)]
    persons = Person.objects.filter(town__in=manageable, mandates__level="town").distinct().order_by("name")
    form = forms.MotionForm(
        data, sessions=sessions, persons=persons, initial={"session": request.GET.get("session")}
    )
    if not manageable:
        del form.fields["lead"]
        form.fields["source"].choices = [(MotionSource.DEPUTIES, MotionSource.DEPUTIES.label)]
    return form, own


@login_required
def motion_create(request):
    form, _own = _motion_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            motion = services.motion_create(actor=request.user, **data)
        except ValidationError as exc:
            for m in error_messages(exc):
                form.add_error(None, m)
        except (PermissionDenied, Conflict) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存，请邀请其他代表在系统中附议"))
            return redirect("congress:motion-detail", pk=motion.pk)
    return render(request, "congress/form.html", {"form": form, "title": _("提出议案")})


@login_required
def motion_detail(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    signers = list(motion.signers.select_related("person"))
    own = grants_of(request.user).person_ids
    signed = {s.person_id for s in signers}
    from django.conf import settings

    need = settings.RENDA[
        "INTERPELLATION_MIN_SIGNERS" if motion.kind == MotionKind.INTERPELLATION else "MOTION_MIN_SIGNERS"
    ]
    return render(
        request,
        "congress/motion_detail.html",
        {
            "motion": motion,
            "signers": signers,
            "need": need if motion.source == MotionSource.DEPUTIES else None,
            "can_cosign": motion.state == MotionState.DRAFT and motion.source == MotionSource.DEPUTIES
            and bool(set(own) - signed),
            "is_lead": motion.lead_id in own,
            "presidium": services.acts_for_presidium(request.user, motion.town_id),
            "history": [(e, activity_label(e.code)) for e in activities_for(subject=motion)[:100]],
            "decide_form": forms.DecideForm(),
            "reason_form": forms.ReasonForm(),
            "votes": list(motion.votes.all()),
        },
    )  # fmt: skip


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

    return _do(request, reverse("congress:motion-detail", kwargs={"pk": pk}), run, _("已附议"))


motion_cosign.model = Motion


@login_required
@require_POST
def motion_lodge(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    reason = request.POST.get("reason", "")
    return _do(
        request, reverse("congress:motion-detail", kwargs={"pk": pk}),
        lambda: services.motion_lodge(motion=motion, override_reason=reason, actor=request.user),
        _("议案已提出"),
    )  # fmt: skip


motion_lodge.model = Motion


@login_required
@require_POST
def motion_decide(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    target = reverse("congress:motion-detail", kwargs={"pk": pk})
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, target)
    on = form.cleaned_data["decision"] == "on"
    return _do(
        request, target,
        lambda: services.motion_decide(
            motion=motion, on_agenda=on, reason=form.cleaned_data["reason"], actor=request.user
        ),
        _("主席团决定已记录"),
    )  # fmt: skip


motion_decide.model = Motion


@login_required
@require_POST
def motion_withdraw(request, pk):
    motion = queries.motion_get_for(user=request.user, pk=pk)
    return _do(
        request, reverse("congress:motion-detail", kwargs={"pk": pk}),
        lambda: services.motion_withdraw(motion=motion, reason=request.POST.get("reason", ""), actor=request.user),
        _("议案已撤回"),
    )  # fmt: skip


motion_withdraw.model = Motion


# --- compliance and absence flags ---------------------------------------------------------------


@login_required
def compliance(request):
    towns = queries.congress_towns_for(user=request.user, roles=queries.STAFF)
    if not towns:
        raise PermissionDenied
    year = _year(request, timezone.localdate().year)
    return render(
        request,
        "congress/compliance.html",
        {
            "year": year,
            "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1)),
            "rows": queries.compliance_rows(user=request.user, year=year),
            "columns": queries.COMPLIANCE_COLUMNS,
            "adjustment_form": forms.BudgetAdjustmentForm(towns=towns, initial={"year": year}),
            "can_record": bool([t for t in towns if services.can_manage(request.user, t.pk)]),
        },
    )


@login_required
@require_POST
def budget_adjustment_record(request):
    towns = [
        t for t in queries.congress_towns_for(user=request.user) if services.can_manage(request.user, t.pk)
    ]
    if not towns:
        raise PermissionDenied
    form = forms.BudgetAdjustmentForm(request.POST, towns=towns)
    year = request.POST.get("year", "")
    target = reverse("congress:compliance") + f"?year={year}"
    if not form.is_valid():
        return _form_errors(request, form, target)
    return _do(
        request, target,
        lambda: services.budget_adjustment_record(actor=request.user, **form.cleaned_data),
        _("已登记预算调整"),
    )  # fmt: skip


@login_required
def flag_list(request):
    qs = queries.absence_flags_visible_to(user=request.user)
    state = request.GET.get("state", FlagState.OPEN)
    if state in FlagState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("-created_at", "-id"), _page_size()).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "congress/flag_list.html",
        {"page": page, "querystring": query.urlencode(), "state": state, "states": FlagState.choices},
    )


@login_required
def flag_detail(request, pk):
    flag = queries.absence_flag_get_for(user=request.user, pk=pk)
    return render(
        request,
        "congress/flag_detail.html",
        {
            "flag": flag,
            "can_resolve": flag.state == FlagState.OPEN
            and services.acts_for_presidium(request.user, flag.town_id),
            "form": forms.ResolveForm(),
            "attendance": list(
                flag.person.session_attendance.filter(session__term=flag.term, presence=Presence.ABSENT)
                .select_related("session", "session__town", "session__term")
                .order_by("day")
            ),
            "history": [(e, activity_label(e.code)) for e in activities_for(subject=flag)[:50]],
        },
    )


flag_detail.model = AbsenceFlag


@login_required
@require_POST
def flag_resolve(request, pk):
    flag = queries.absence_flag_get_for(user=request.user, pk=pk)
    return _do(
        request, reverse("congress:flag-detail", kwargs={"pk": pk}),
        lambda: services.absence_flag_resolve(
            flag=flag, resolution=request.POST.get("resolution", ""), actor=request.user
        ),
        _("已记录处理结果"),
    )  # fmt: skip


flag_resolve.model = AbsenceFlag
