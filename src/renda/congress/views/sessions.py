"""Session pages: the list, creating one, its detail (agenda, documents, leave), the roll call with opening,
closing, and the DOCX exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activity_entries
from renda.core.exports import Column, csv_export
from renda.core.permissions import allowed
from renda.core.web import web_form_page, web_step
from renda.core.workflow import workflow_actions_for, workflow_can

from .. import documents, forms, queries, services
from ..enums import Presence, SessionKind
from ..models import AgendaItem, LeaveRequest, Session, SessionDocument
from ._common import attachment, docx, page_size, parse_date, query_id, query_year


def _detail(pk) -> str:
    return reverse("congress:session-detail", kwargs={"pk": pk})


# The list's columns as its CSV download (core.exports).
SESSION_COLUMNS = [
    Column(gettext_lazy("会议"), str),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("类型"), "kind"),
    Column(gettext_lazy("开始日期"), "start_date"),
    Column(gettext_lazy("结束日期"), "end_date"),
    Column(gettext_lazy("地点"), "venue"),
    Column(gettext_lazy("状态"), "state"),
    Column(gettext_lazy("议案"), "n_motions"),
    Column(gettext_lazy("表决"), "n_votes"),
]


@login_required
def session_list(request):
    qs = queries.sessions_visible_to(user=request.user)
    town, year, kind = query_id(request, "town"), query_year(request), request.GET.get("kind")
    if town:
        qs = qs.filter(town=town)
    if year:
        qs = qs.filter(start_date__year=year)
    if kind in SessionKind.values:
        qs = qs.filter(kind=kind)
    qs = qs.order_by("-start_date", "town__code", "-id")
    if export := csv_export(request, qs, columns=SESSION_COLUMNS, filename="sessions"):
        return export
    page = Paginator(qs, page_size()).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    towns = queries.congress_towns_for(user=request.user)
    member_towns = queries.congress_towns_for(user=request.user, roles=queries.MEMBERS)
    return render(
        request,
        "congress/session_list.html",
        {
            "page": page, "querystring": query.urlencode(), "kinds": SessionKind.choices,
            "towns": member_towns,
            "f": {"town": town, "year": year, "kind": kind}, "can_create": bool(towns),
            "can_check": queries.compliance_open_to(user=request.user, towns=member_towns),
        },
    )  # fmt: skip


@login_required
def session_create(request):
    towns = [
        t
        for t in queries.congress_towns_for(user=request.user)
        if allowed(request.user, "congress.session_create", t)
    ]
    if not towns:
        raise PermissionDenied
    form = forms.SessionForm(request.POST or None, towns=towns)

    def run(d):
        data = dict(d)
        town = data.pop("town")
        return services.session_create(town=town, data=data, actor=request.user)

    return web_form_page(
        request,
        form,
        run,
        template="congress/form.html",
        context={"title": _("新建人代会会议")},
        done=_("已新建会议"),
        target=lambda session: _detail(session.pk),
    )


def _session_context(request, session) -> dict:
    """Everything the session's page shows, with an empty form for each thing that can be added."""
    user = request.user
    items = list(session.items.prefetch_related("documents", "opinions", "opinions__group"))
    editable = services.session_editable(session)
    can_manage = allowed(user, "congress.agenda_edit", session)
    own = grants_of(user).person_ids
    leaves = queries.session_leaves_for(user=user, session=session)
    return {
        "session": session,
        "items": items,
        "documents": list(session.documents.filter(item__isnull=True)),
        "leaves": [(leave, workflow_actions_for(leave, user)) for leave in leaves],
        "votes": list(session.votes.select_related("motion", "item")),
        "motions": list(session.motions.select_related("lead").order_by("number", "id")),
        "editable": editable,
        "can_manage": can_manage and editable,
        "can_close": workflow_can(session, "close", user),
        "can_vote": services.session_in_progress(session) and allowed(user, "congress.vote_create", session),
        "can_ask_leave": editable and (can_manage or bool(own)),
        "agenda_form": forms.AgendaItemForm(),
        "document_form": forms.DocumentForm(session=session),
        "vote_form": forms.VoteCreateForm(session=session),
        "leave_form": forms.LeaveForm(
            persons=_leave_persons(request, session),
            initial={"first_day": session.start_date, "last_day": session.end_date},
        ),
        "opinion_form": forms.OpinionForm(town_id=session.town_id),
        "history": activity_entries(subject=session, limit=50),
        "days": services.session_days(session),
    }


def _leave_persons(request, session):
    """Whom the leave form offers: staff any deputy serving during the session, a deputy themself."""
    if allowed(request.user, "congress.agenda_edit", session):
        today = timezone.localdate()
        day = min(max(today, session.start_date), session.end_date)
        return queries.serving_persons(term=session.term, on=day)
    return queries.own_persons_in_town(user=request.user, town=session.town)


def on_session_page(request, session, form, form_name: str, run, *, done, target=None, **extra):
    """A form of the session's page: on success back to the page (or `target`); otherwise the page again with
    the form as typed, open, its errors next to its fields."""
    return web_form_page(
        request,
        form,
        run,
        template="congress/session_detail.html",
        context=lambda: {**_session_context(request, session), **extra},
        done=done,
        target=target if target is not None else _detail(session.pk),
        form_name=form_name,
        refused=_detail(session.pk),
    )


@login_required
def session_detail(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    return render(request, "congress/session_detail.html", _session_context(request, session))


session_detail.model = Session


@login_required
@require_POST
def session_agenda_add(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    form = forms.AgendaItemForm(request.POST)
    return on_session_page(
        request, session, form, "agenda_form",
        lambda d: services.agenda_item_add(session=session, actor=request.user, **d), done=_("已增加议程"),
    )  # fmt: skip


session_agenda_add.model = Session


@login_required
@require_POST
def session_document_add(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    form = forms.DocumentForm(request.POST, request.FILES, session=session)
    return on_session_page(
        request, session, form, "document_form",
        lambda d: services.session_document_add(session=session, actor=request.user, **d), done=_("已上传"),
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
    return attachment(content, doc.file.name.rsplit("/", 1)[-1], "application/octet-stream")


document_download.model = SessionDocument


@login_required
@require_POST
def session_leave_add(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    form = forms.LeaveForm(request.POST, persons=queries.persons_of_town(town=session.town))
    form.fields["person"].widget.choices = (
        forms.LeaveForm(persons=_leave_persons(request, session)).fields["person"].widget.choices
    )  # the page offers the same names as before; the service decides who may be named
    return on_session_page(
        request, session, form, "leave_form",
        lambda d: services.leave_request_create(session=session, actor=request.user, **d), done=_("已提交请假"),
    )  # fmt: skip


session_leave_add.model = Session


@login_required
@require_POST
def leave_decide(request, pk):
    leave = queries.leave_request_get_for(user=request.user, pk=pk)
    approve = request.POST.get("decision") == "approve"
    return web_step(
        request,
        lambda: services.leave_request_decide(leave=leave, approve=approve, actor=request.user),
        done=_("已批准请假") if approve else _("已不批准请假"),
        target=_detail(leave.session_id),
    )


leave_decide.model = LeaveRequest


@login_required
def session_rollcall(request, pk):
    """The roll call of one day: every deputy serving that day, present / on approved leave / absent."""
    session = queries.session_get_for(user=request.user, pk=pk)
    days = services.session_days(session)
    day = parse_date(request.GET.get("day") or request.POST.get("day"), None)
    if day not in days:
        today = timezone.localdate()
        day = today if today in days else days[0]
    target = reverse("congress:session-rollcall", kwargs={"pk": pk}) + f"?day={day.isoformat()}"
    if request.method == "POST" and request.POST.get("action") == "open":
        return web_step(
            request,
            lambda: services.session_open(session=session, day=day, actor=request.user),
            done=_("已宣布开会"),
            target=_detail(pk),
        )
    rc = queries.roll_call_for(session=session, day=day)
    can_manage = services.session_editable(session) and allowed(request.user, "congress.roll_call", session)
    form = forms.RollCallForm(request.POST if request.method == "POST" else None, rows=rc.rows)

    def run(_data):
        flags = services.roll_call_record(
            session=session, day=day, presence=form.presence(), actor=request.user
        )
        for flag in flags:
            messages.warning(
                request,
                _("%(p)s：%(k)s（已通知相关人员）") % {"p": flag.person.name, "k": flag.get_kind_display()},
            )

    def context():
        rows = []
        for r in rc.rows:  # what was sent stays chosen; each bad row says why next to it
            field = form[f"p_{r['person'].pk}"]
            rows.append({**r, "value": field.value() or r["value"], "errors": field.errors})
        return {
            "session": session, "day": day, "days": days, "rows": rows, "choices": Presence.choices,
            "present": rc.present, "serving": rc.serving, "needed": rc.needed, "recorded": rc.recorded,
            "quorum_reached": rc.quorum_reached, "can_manage": can_manage,
            "can_open": can_manage and workflow_can(session, "open", request.user),
            "errors": form.non_field_errors(),
        }  # fmt: skip

    return web_form_page(
        request,
        form,
        run,
        template="congress/rollcall.html",
        context=context,
        done=_("签到已保存"),
        target=target,
    )


session_rollcall.model = Session


@login_required
@require_POST
def session_close(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    return web_step(
        request,
        lambda: services.session_close(session=session, actor=request.user),
        done=_("会议已闭幕"),
        target=_detail(pk),
    )


session_close.model = Session


@login_required
def session_agenda_docx(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    content = documents.agenda_docx(session=session, items=list(session.items.all()))
    return docx(content, f"{session}议程.docx")


session_agenda_docx.model = Session


@login_required
def session_decisions_docx(request, pk):
    session = queries.session_get_for(user=request.user, pk=pk)
    content = documents.decisions_docx(session=session, votes=list(session.votes.all()))
    return docx(content, f"{session}表决事项.docx")


session_decisions_docx.model = Session


@login_required
def agenda_item_cover_docx(request, pk):
    item = queries.agenda_item_get_for(user=request.user, pk=pk)
    return docx(documents.cover_docx(item=item), f"{item.title}封面.docx")


agenda_item_cover_docx.model = AgendaItem


@login_required
@require_POST
def agenda_item_opinion_add(request, pk):
    item = queries.agenda_item_get_for(user=request.user, pk=pk)
    form = forms.OpinionForm(request.POST, town_id=item.town_id)
    return on_session_page(
        request, item.session, form, "opinion_form",
        lambda d: services.deliberation_opinion_add(item=item, actor=request.user, **d),
        done=_("已登记审议意见"), opinion_item=item.pk, opinion_blank=forms.OpinionForm(town_id=item.town_id),
    )  # fmt: skip


agenda_item_opinion_add.model = AgendaItem
