"""Suggestion pages. Each view parses input, calls one service, renders or redirects with a message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.exports import Column, csv_export
from renda.core.labels import choice_label
from renda.core.paging import KeyPaginator
from renda.core.types import IdField, YearField, query_value
from renda.core.waiting import waiting_for
from renda.core.web import form_tab, web_form_page, web_step, with_tab
from renda.registry.queries import town_get_for, towns_with_ids

from . import documents, forms, queries, reports, services
from .models import ExtensionState, FollowUp, KeyNotice, State, Suggestion, SuggestionAttachment


def _year(request) -> int:
    return query_value(request, "year", YearField(), timezone.localdate().year)


def _staff_town(request):
    """The town a staff page is about: ?town=, else the user's first staff town."""
    ids = queries.staff_town_ids(request.user)
    if not ids:
        raise PermissionDenied
    town = town_get_for(user=request.user, pk=query_value(request, "town", IdField(), ids[0]))
    queries.require_staff_town(request.user, town)
    return town


def _report_scope(request):
    """(town, towns) of a report page: the chosen town (?town=), else all the staff user's towns (a district's
    staff: the district, with a row per town), else their one town. `town` is None for the district."""
    ids = queries.staff_town_ids(request.user)
    if not ids:
        raise PermissionDenied
    if len(ids) == 1 or request.GET.get("town"):
        town = _staff_town(request)
        return town, [town]
    return None, list(towns_with_ids(ids).select_related("district"))


def _report(request, year: int):
    town, towns = _report_scope(request)
    return reports.yearly(town=town, year=year) if town else reports.yearly(towns=towns, year=year)


# The list's state groups (the figures of the report and of the work figures link to them) and the filters the
# figures' links add beyond the form's own, kept through a new search and named above the list.
STATE_GROUP_LABELS = [
    ("proposed", gettext_lazy("全部提出的建议")),
    ("open", gettext_lazy("在办")),
    ("reviewing", gettext_lazy("待审查")),
    ("handling", gettext_lazy("办理中（含重新办理）")),
    ("handled", gettext_lazy("交办办理（含已答复、已办结）")),
    ("replied_any", gettext_lazy("已答复（含已办结）")),
    ("accepted_any", gettext_lazy("已立案（含办理中、已办结）")),
]
KEPT_FILTERS = [
    ("key", gettext_lazy("重点督办")),
    ("on_time", gettext_lazy("按期答复")),
    ("unit", gettext_lazy("承办单位")),
    ("outcome_class", gettext_lazy("办理结果类别")),
    ("score", gettext_lazy("代表满意度")),
    ("resolved", gettext_lazy("已办成")),
    ("followup", gettext_lazy("后续跟踪")),
]


# --- list --------------------------------------------------------------------------------------------

# The list's columns as its CSV download (core.exports).
LIST_COLUMNS = [
    Column(gettext_lazy("编号"), "number"),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("标题"), "title"),
    Column(gettext_lazy("重点督办"), "is_key"),
    Column(gettext_lazy("领衔代表"), "lead_person.name"),
    Column(gettext_lazy("主办单位"), "lead_unit.name"),
    Column(gettext_lazy("状态"), "state"),
    Column(gettext_lazy("办理结果"), "outcome_class"),
    Column(gettext_lazy("期限"), queries.deadline_of),
]


@login_required
def suggestion_list(request):
    g = request.GET
    role = g.get("role", "")
    qs = queries.suggestions_filtered(
        user=request.user,
        state=g.get("state", ""),
        year=query_value(request, "year", YearField()),
        unit=query_value(request, "unit", IdField()),
        outcome_class=g.get("outcome_class", ""),
        key=True if g.get("key") == "1" else None,
        followup=g.get("followup", ""),
        on_time=True if g.get("on_time") == "1" else (False if g.get("on_time") == "0" else None),
        q=g.get("q", ""),
        town=query_value(request, "town", IdField()),
        score=g.get("score", ""),
        role=role,
        overdue=g.get("overdue") == "1",
        resolved=g.get("resolved") == "1",
    )
    qs = queries.suggestion_list_columns(queries.with_deadlines(qs)).order_by("-year", "-id")
    if export := csv_export(request, qs, columns=LIST_COLUMNS, filename="suggestions"):
        return export
    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(g.get("page"))
    today = timezone.localdate()
    rows = []
    for s in page.object_list:
        due = queries.deadline_of(s)
        rows.append(
            {
                "s": s,
                "due": due,
                "overdue": bool(due and due < today and s.state not in (State.CLOSED,)),
                "state": choice_label(s, "state"),
            }
        )
    grants = grants_of(request.user)
    tabs = [("", _("全部"))]
    # Where a unit answers its suggestions it also sees what else waits for it (rectification items, core.waiting).
    unit_waiting = (
        [
            w
            for w in waiting_for(user=request.user, today=today)
            if w.count and not w.code.startswith("suggestions.")
        ]
        if grants.unit_ids
        else []
    )
    if grants.unit_ids:
        tabs.append(("unit", _("本单位办理")))
    if grants.person_ids:
        tabs += [("signer", _("我提出的")), ("supervisor", _("我督办的"))]
    params = g.copy()
    params.pop("page", None)
    kept = [(name, g[name], label) for name, label in KEPT_FILTERS if g.get(name)]
    return render(
        request,
        "suggestions/list.html",
        {
            "page": page,
            "rows": rows,
            "tabs": tabs,
            "role": role,
            "states": State.choices,
            "query": params.urlencode(),
            "is_staff": bool(queries.staff_town_ids(request.user)),
            "can_submit": bool(grants.person_ids) or bool(queries.staff_town_ids(request.user)),
            "followups": FollowUp.choices,
            "state_groups": STATE_GROUP_LABELS,
            "kept_filters": [(name, value) for name, value, _label in kept],
            "kept_labels": kept,
            "unit_waiting": unit_waiting,
        },
    )


# --- submission --------------------------------------------------------------------------------------


@login_required
def suggestion_new(request):
    """A deputy submits (phone-friendly); town staff enter one for a deputy of their town."""
    staff_towns = queries.staff_town_ids(request.user)
    me = queries.own_person(user=request.user)
    if staff_towns and (request.GET.get("town") or me is None):
        town = _staff_town(request)
        lead = None
    elif me is not None:
        town, lead = me.town, me
    else:
        raise PermissionDenied
    form = forms.SuggestionForm(request.POST or None, request.FILES or None, town=town, lead=lead)

    def run(d):
        signers = [d["lead"], *[p for p in d["co_signers"] if p.pk != d["lead"].pk]]
        return services.suggestion_create(
            town=town,
            data={k: d[k] for k in ("title", "content", "kind", "topic", "channel")},
            signers=signers,
            upload=d.get("attachment"),
            submit=d["submit"],
            actor=request.user,
        )

    def context():
        similar = []
        if request.method == "POST" and form.data.get("content"):
            similar = queries.similar_to(
                town=town,
                year=timezone.localdate().year,
                text=form.data.get("title", "") + form.data.get("content", ""),
            )
        return {"town": town, "similar": similar, "town_is_own": lead is not None}

    return web_form_page(
        request,
        form,
        run,
        template="suggestions/new.html",
        context=context,
        done=_created_message,
        target=lambda s: s,
    )


def _created_message(s) -> str:
    """What happened to a new suggestion: submitted, waiting for its co-signers, or kept as a draft."""
    if s.state == State.SUBMITTED:
        return _("已提交，编号 %(n)s") % {"n": s.number or "—"}
    if s.state == State.COSIGNING:
        return _("已提交，待附议代表确认后正式提交")
    return _("已保存为草稿，尚未提交")


@login_required
def similar_check(request):
    """htmx: the most similar suggestions of the town and year while a deputy types."""
    me = queries.own_person(user=request.user)
    staff = queries.staff_town_ids(request.user)
    if staff and (request.GET.get("town") or me is None):
        town = _staff_town(request)
    elif me is not None:
        town = me.town
    else:
        raise PermissionDenied
    text = (request.GET.get("title", "") + " " + request.GET.get("content", "")).strip()
    similar = (
        queries.similar_to(town=town, year=timezone.localdate().year, text=text) if len(text) >= 8 else []
    )
    return render(request, "suggestions/_similar.html", {"similar": similar})


# --- detail ------------------------------------------------------------------------------------------


TABS = ("content", "handling", "history")


def _detail_context(request, s) -> dict:
    """Everything the suggestion's page shows, with an empty form for each step this user may take now."""
    can = queries.actions_for(user=request.user, suggestion=s)
    ctx = {
        "s": s,
        "can": can,
        "tab": form_tab(request, TABS, "content"),
        "signers": s.signers.all(),
        "assignments": s.assignments.all(),
        "contacts": s.contacts.all(),
        "replies": s.replies.all(),
        "extensions": s.extensions.all(),
        "attachments": s.attachments.all(),
        "supervisors": s.supervisors.all(),
        "history": [
            (a, activity_label(a.code), activity_details(Suggestion, a.data))
            for a in activities_for(subject=s)[:200]
        ],
        "source_url": queries.source_url(s),
    }
    initial = {"version": s.version}
    if can["review"] or can["merge"] or (can["submit"] or s.state in (State.COSIGNING, State.SUBMITTED)):
        ctx["similar"] = queries.similar_to(suggestion=s)
    if can["review"]:
        ctx["review_form"] = forms.style(forms.ReviewForm(initial=initial))
    if can["merge"]:
        ctx["merge_form"] = forms.style(forms.MergeForm(suggestion=s))
    if can["assign"]:
        ctx["assign_form"] = forms.style(forms.AssignForm(suggestion=s, initial=initial))
    if can["return"]:
        ctx["return_form"] = forms.style(forms.ReasonForm(initial=initial))
    if can["contact"]:
        ctx["contact_form"] = forms.style(forms.ContactForm(initial={"date": timezone.localdate()}))
    if can["co_opinion"]:
        ctx["opinion_form"] = forms.style(forms.OpinionForm())
    if can["extension"]:
        ctx["extension_form"] = forms.style(forms.ExtensionForm())
    if can["decide"]:
        ctx["decide_form"] = forms.style(forms.DecideForm())
    if can["reply"]:
        ctx["reply_form"] = forms.style(forms.ReplyForm(initial=initial))
    if can["feedback"]:
        ctx["feedback_form"] = forms.style(forms.FeedbackForm())
    if can["key"]:
        ctx["key_form"] = forms.style(
            forms.KeyForm(
                suggestion=s,
                initial={"is_key": s.is_key, "supervisors": [k.person for k in ctx["supervisors"]]},
            )
        )
        # Only candidates the page can say something about (a role, a matching field); none: no line at all.
        ctx["candidates"] = [(p, m) for p, m in queries.supervisor_candidates(suggestion=s) if m]
    if can["publish"]:
        ctx["publish_form"] = forms.style(forms.PublishForm(initial={"published": s.published}))
    if can["followup"]:
        ctx["followup_form"] = forms.style(forms.FollowupForm())
    if can["attach"]:
        ctx["attach_form"] = forms.style(forms.AttachForm())
    return ctx


@login_required
def suggestion_detail(request, pk):
    s = queries.suggestion_page_get_for(user=request.user, pk=pk)  # its relations come prefetched
    return render(request, "suggestions/detail.html", _detail_context(request, s))


suggestion_detail.model = Suggestion


def _action(
    form_class, run, done: str | Callable[[Any], str], *, form_name: str | None = None, tab: str = "handling"
):
    """A POST-only step on one suggestion: parse the form, call one service, say what happened, back on the
    tab the step was taken from. A step with input (`form_name`: its form on the page) that fails shows the
    suggestion's page again with everything typed and each error next to its field; a step the suggestion's
    state or a newer version refuses goes back to the page as it is now."""

    @login_required
    @require_POST
    def view(request, pk):
        s = queries.suggestion_get_for(user=request.user, pk=pk)
        sent_tab = form_tab(request, TABS, tab)
        back = with_tab(s.get_absolute_url(), sent_tab)
        form = forms.style(form_class(request.POST, request.FILES, suggestion=s))
        if form_name is None:
            if not form.is_valid():  # only a version field: a tampered request
                return redirect(back)
            return web_step(request, lambda: run(request, s, form.cleaned_data), done=done, target=back)
        return web_form_page(
            request,
            form,
            lambda d: run(request, s, d),
            template="suggestions/detail.html",
            context=lambda: _detail_context(
                request, queries.suggestion_page_get_for(user=request.user, pk=pk)
            ),
            done=done,
            target=s,
            form_name=form_name,
            tab=sent_tab,
            refused=back,
        )

    view.model = Suggestion
    view.form_name = form_name  # the form with the user's input, if any (tests/test_forms_keep_input.py)
    return view


def _unit(request, s):
    unit = queries.acting_unit(user=request.user, suggestion=s)
    if unit is None:
        raise PermissionDenied(_("该建议未交由本单位办理"))
    return unit


def _person(request, s):
    p = queries.acting_person(user=request.user, suggestion=s)
    if p is None:
        raise PermissionDenied(_("您不是该建议的署名代表"))
    return p


suggestion_submit = _action(
    forms.EmptyForm,
    lambda r, s, d: services.suggestion_submit(suggestion=s, actor=r.user, version=d["version"]),
    _created_message,  # submitted (with its number), or waiting for the co-signers
    tab="content",
)
suggestion_cosign = _action(
    forms.EmptyForm,
    lambda r, s, d: services.suggestion_cosign(suggestion=s, person=_person(r, s), actor=r.user),
    gettext_lazy("已确认附议"),
    tab="content",
)
suggestion_attach = _action(
    forms.AttachForm,
    lambda r, s, d: services.suggestion_attachment_add(suggestion=s, upload=d["file"], actor=r.user),
    gettext_lazy("附件已上传"),
    form_name="attach_form",
    tab="content",
)
suggestion_review = _action(
    forms.ReviewForm,
    lambda r, s, d: services.suggestion_review(
        suggestion=s,
        accept=d["accept"],
        reason=d["reason"],
        note=d["note"],
        actor=r.user,
        version=d["version"],
    ),
    lambda s: _("不予立案，已通知代表") if s.state == State.NOT_ACCEPTED else _("已立案，已通知代表"),
    form_name="review_form",
)
suggestion_assign = _action(
    forms.AssignForm,
    lambda r, s, d: services.suggestion_assign(
        suggestion=s,
        lead_unit=d["lead_unit"],
        co_units=list(d["co_units"]),
        difficult=d["difficult"],
        actor=r.user,
        version=d["version"],
    ),
    gettext_lazy("已交办"),
    form_name="assign_form",
)
suggestion_sign = _action(
    forms.EmptyForm,
    lambda r, s, d: services.suggestion_sign(suggestion=s, unit=_unit(r, s), actor=r.user),
    gettext_lazy("已签收"),
)
suggestion_return = _action(
    forms.ReasonForm,
    lambda r, s, d: services.suggestion_return(
        suggestion=s, unit=_unit(r, s), reason=d["reason"], actor=r.user, version=d["version"]
    ),
    gettext_lazy("已退办，镇人大将重新交办"),
    form_name="return_form",
)
suggestion_contact = _action(
    forms.ContactForm,
    lambda r, s, d: services.suggestion_contact_record(
        suggestion=s, unit=_unit(r, s), date=d["date"], way=d["way"], summary=d["summary"], actor=r.user
    ),
    gettext_lazy("联系沟通已记录"),
    form_name="contact_form",
)
suggestion_co_opinion = _action(
    forms.OpinionForm,
    lambda r, s, d: services.suggestion_co_opinion(
        suggestion=s, unit=_unit(r, s), opinion=d["opinion"], actor=r.user
    ),
    gettext_lazy("协办意见已送主办单位"),
    form_name="opinion_form",
)
suggestion_extension = _action(
    forms.ExtensionForm,
    lambda r, s, d: services.suggestion_extension_request(
        suggestion=s, unit=_unit(r, s), days=d["days"], reason=d["reason"], actor=r.user
    ),
    gettext_lazy("延期申请已提交"),
    form_name="extension_form",
)
suggestion_extension_decide = _action(
    forms.DecideForm,
    lambda r, s, d: services.suggestion_extension_decide(suggestion=s, approve=d["approve"], actor=r.user),
    lambda ext: _("已批准延期") if ext.state == ExtensionState.APPROVED else _("已不批准延期"),
    form_name="decide_form",
)
suggestion_reply = _action(
    forms.ReplyForm,
    lambda r, s, d: services.suggestion_reply(
        suggestion=s,
        unit=_unit(r, s),
        outcome_class=d["outcome_class"],
        text=d["text"],
        letter=d.get("letter"),
        planned_date=d.get("planned_date"),
        actor=r.user,
        version=d["version"],
    ),
    gettext_lazy("已答复，已通知代表"),
    form_name="reply_form",
)
suggestion_feedback = _action(
    forms.FeedbackForm,
    lambda r, s, d: services.suggestion_feedback(
        suggestion=s,
        person=_person(r, s),
        work_score=d["work_score"],
        result_score=d["result_score"],
        comment=d["comment"],
        actor=r.user,
    ),
    gettext_lazy("已提交满意度测评，感谢您的反馈"),
    form_name="feedback_form",
    tab="content",
)
suggestion_close = _action(
    forms.EmptyForm,
    lambda r, s, d: services.suggestion_close(suggestion=s, actor=r.user, version=d["version"]),
    gettext_lazy("已办结"),
)
suggestion_merge = _action(
    forms.MergeForm,
    lambda r, s, d: services.suggestion_merge(target=s, others=list(d["others"]), actor=r.user),
    gettext_lazy("已并案"),
    form_name="merge_form",
)
suggestion_key = _action(
    forms.KeyForm,
    lambda r, s, d: services.suggestion_key_set(
        suggestion=s, is_key=d["is_key"], supervisors=list(d["supervisors"]), actor=r.user
    ),
    lambda s: _("已列为重点督办") if s.is_key else _("已取消重点督办"),
    form_name="key_form",
)
suggestion_publish = _action(
    forms.PublishForm,
    lambda r, s, d: services.suggestion_publish(suggestion=s, published=d["published"], actor=r.user),
    lambda s: _("已公开") if s.published else _("已取消公开"),
    tab="handling",  # one checkbox: no input of it can fail; a refusal goes back to the page
)
suggestion_followup_check = _action(
    forms.FollowupForm,
    lambda r, s, d: services.suggestion_followup_check(
        suggestion=s, done=d["done"], note=d["note"], new_date=d.get("new_date"), actor=r.user
    ),
    gettext_lazy("后续跟踪已核查"),
    form_name="followup_form",
)


# --- key supervision, report, downloads ---------------------------------------------------------------


@login_required
def key_supervision(request):
    year = _year(request)
    town, towns = _report_scope(request)
    if town is None:  # the district: a row per town and the totals; a notice is issued for one town
        report = reports.yearly(towns=towns, year=year)
        n_key, accepted, share, warning = reports.key_share(towns=towns, year=year)
        return render(
            request,
            "suggestions/key.html",
            {
                "town": None,
                "report": report,
                "year": year,
                "n_key": n_key,
                "accepted": accepted,
                "share": share,
                "warning": warning,
                "items": queries.key_items(towns=towns, year=year).order_by("town__code", "id"),
                "key_figures": report.key,
                "cfg": settings.RENDA,
            },
        )
    n_key, accepted, share, warning = reports.key_share(town=town, year=year)
    form = forms.style(forms.NoticeForm(request.POST or None))
    notices = list(queries.key_notices_of(town=town, year=year))
    next_number = services.key_notice_next_number(town=town, year=year)

    def context():
        items = queries.key_items(town=town, year=year)
        report = reports.yearly(town=town, year=year)
        return {
            "town": town,
            "year": year,
            "n_key": n_key,
            "accepted": accepted,
            "share": share,
            "warning": warning,
            "items": items,
            "in_notice": services.key_notice_items(town=town, year=year).count(),
            "notices": notices,
            "next_number": next_number,
            "key_figures": report.key,
            "cfg": settings.RENDA,
        }

    return web_form_page(
        request,
        form,
        lambda d: services.key_notice_issue(town=town, year=year, deadline=d["deadline"], actor=request.user),
        template="suggestions/key.html",
        context=context,
        done=lambda n: _("已印发 %(n)s") % {"n": n.doc_number},
        target=f"{request.path}?town={town.pk}&year={year}",
    )


@login_required
def report_page(request):
    year = _year(request)
    report = _report(request, year)
    return render(request, "suggestions/report.html", {"report": report, "town": report.town, "year": year})


@login_required
def report_docx(request):
    year = _year(request)
    report = _report(request, year)
    data = documents.report_docx(report)
    return _download(data, f"{report.name}{year}年度代表建议办理情况.docx", documents.DOCX)


@login_required
def report_xlsx(request):
    year = _year(request)
    report = _report(request, year)
    data = documents.report_xlsx(report)
    return _download(data, f"{report.name}{year}年度代表建议办理情况.xlsx", documents.XLSX)


def _download(data, filename: str, mime: str) -> HttpResponse:
    return FileResponse(data, as_attachment=True, filename=filename, content_type=mime)


@login_required
def attachment_download(request, pk):
    a = queries.attachment_get_for(user=request.user, pk=pk)
    handle = queries.attachment_open(a)
    if handle is None:
        messages.error(request, _("附件文件已不存在，请联系管理员"))
        return redirect(a.suggestion)
    return FileResponse(handle, as_attachment=True, filename=a.name, content_type=a.mime)


attachment_download.model = SuggestionAttachment


@login_required
def key_notice_download(request, pk):
    n = queries.key_notice_get_for(user=request.user, pk=pk)
    return _download(documents.key_notice_docx(n), f"{n.doc_number}.docx", documents.DOCX)


key_notice_download.model = KeyNotice

__all__ = ["dt"]
