"""Pages of activities: the list (a town column and filter for the district's staff; cards on phones), an
activity with its invitations, the deputy's reply, documents, opinions and history, and each step; the
deliberation opinions and their DOCX (their URL patterns are collected by oversight/urls.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activity_entries
from renda.core.exports import Column, csv_export
from renda.core.permissions import allowed
from renda.core.types import IdField, YearField, query_value
from renda.core.web import form_tab, web_form_page, web_step
from renda.receptions.services import appeal_categories

from .. import documents
from .. import queries_activities as q
from ..enums import ActivityKind, ActivityState, OpinionState
from ..forms_activities import (
    ActivityForm,
    DocumentForm,
    FindingAppealForm,
    FindingSuggestionForm,
    HoldForm,
    InviteForm,
    IssueForm,
    OpinionForm,
    ReasonForm,
    ReplyForm,
    RespondForm,
)
from ..models import Activity, ActivityDocument, Opinion
from ..services import activities as services
from ..services import findings as finding_services
from ..services import opinions as opinion_services
from ._common_act import offered, page_of, staff_town_ids
from ._steps import record_form, record_post, town_form, versioned

TABS = ("overview", "invitations", "documents", "opinions", "history")

# The list's columns as its CSV download (core.exports).
ACTIVITY_COLUMNS = [
    Column(gettext_lazy("日期"), "start_date"),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("活动类型"), "kind"),
    Column(gettext_lazy("主题"), "topic"),
    Column(gettext_lazy("地点"), "place"),
    Column(gettext_lazy("状态"), "state"),
]


@login_required
def activity_list(request):
    qs = q.activities_visible_to(user=request.user)
    state = request.GET.get("state", "")
    if state in ActivityState.values:
        qs = qs.filter(state=state)
    kind = request.GET.get("kind", "")
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    if town := query_value(request, "town", IdField()):
        qs = qs.filter(town=town)
    if year := query_value(request, "year", YearField()):  # the figures' links: held in that year
        qs = qs.filter(start_date__year=year)
    mine = request.GET.get("mine") == "1"
    if mine:  # the deputy's own invitations (the start page links here)
        qs = qs.filter(invitations__person__in=list(grants_of(request.user).person_ids))
    qs = qs.order_by("-start_date", "-id")
    if export := csv_export(request, qs, columns=ACTIVITY_COLUMNS, filename="activities"):
        return export
    page, querystring = page_of(request, qs)
    return render(
        request,
        "oversight/activity_list.html",
        {
            "page": page,
            "rows": page.object_list,
            "querystring": querystring,
            "states": ActivityState.choices,
            "kinds": ActivityKind.choices,
            "state": state,
            "kind": kind,
            "mine": mine,
            "can_manage": bool(staff_town_ids(request)),
        },
    )


def _detail_context(request, activity) -> dict:
    """What the activity's page shows; a form sent from it and refused is put in again by the step's view."""
    mine = q.my_invitation(user=request.user, activity=activity)
    can_reply = (
        mine is not None
        and activity.state == ActivityState.PUBLISHED
        and allowed(request.user, "oversight.reply_invitation", mine)
    )
    can_manage = allowed(request.user, "oversight.manage", activity)
    return {
        "activity": activity,
        "invitations": list(q.invitations_of(activity)),
        "mine": mine,
        "can_reply": can_reply,
        "reply_form": ReplyForm() if can_reply else None,
        "can": offered(activity, request.user),
        "can_manage": can_manage,
        "notice_day": services.notice_day(activity),
        "documents": list(q.activity_documents_of(activity)),
        "document_form": DocumentForm() if can_manage and activity.state != ActivityState.CANCELLED else None,
        "opinions": list(q.opinions_of(activity))
        if allowed(request.user, "oversight.view", activity)
        else [],
        "can_opinion": can_manage and activity.state == ActivityState.HELD,
        "came_from": q.came_from(user=request.user, activity=activity)
        if activity.state == ActivityState.HELD
        else None,
        "history": activity_entries(subject=activity, limit=50),
        "tab": form_tab(request, TABS, "overview"),
    }


@login_required
def activity_detail(request, pk):
    activity = q.activity_get_for(user=request.user, pk=pk)
    return render(request, "oversight/activity_detail.html", _detail_context(request, activity))


activity_detail.model = Activity


activity_create = town_form(
    form=lambda data, town: ActivityForm(data, town=town),
    run=lambda r, town, d: services.activity_create(town=town, data=d, actor=r.user),
    title=gettext_lazy("新建活动"), done=gettext_lazy("已新建活动"),
)  # fmt: skip
activity_edit = record_form(
    q.activity_get_for, Activity, "oversight.manage",
    form=lambda data, a: ActivityForm(data, instance=a, town=a.town),
    run=lambda r, a, d: services.activity_update(
        activity=a, data={k: v for k, v in d.items() if v is not None}, actor=r.user
    ),
    title=gettext_lazy("修改活动"), done=gettext_lazy("已修改活动"),
)  # fmt: skip
activity_invite = record_form(
    q.activity_get_for, Activity, "oversight.manage",
    form=lambda data, a: InviteForm(data, town=a.town),
    run=lambda r, a, d: services.activity_invite(
        activity=a, persons=list(d.get("persons") or []), group=d.get("group"), actor=r.user
    ),
    title=gettext_lazy("邀请代表"), done=lambda rows: _("已邀请 %(n)s 位代表") % {"n": len(rows)},
)  # fmt: skip
activity_publish = record_post(
    q.activity_get_for, Activity,
    run=lambda r, a, v: services.activity_publish(activity=a, actor=r.user),
    done=gettext_lazy("已发出活动通知"),
)  # fmt: skip
activity_cancel = record_form(
    q.activity_get_for, Activity, "oversight.manage",
    form=versioned(ReasonForm),
    run=lambda r, a, d: services.activity_cancel(
        activity=a, reason=d["reason"], actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("取消活动"), done=gettext_lazy("已取消活动"),
)  # fmt: skip


def _hold_form(data, activity):
    """Attendance (the deputies who answered "attend" ticked), the voters' opinions each deputy brought, the
    summary and the findings."""
    invitations = list(q.invitations_of(activity))
    attending = [i.person_id for i in invitations if i.reply == "attend"]
    return HoldForm(
        data, invitations=invitations, initial={"version": activity.version, "attended": attending}
    )


activity_hold = record_form(
    q.activity_get_for, Activity, "oversight.manage",
    form=_hold_form,
    run=lambda r, a, d: services.activity_hold(
        activity=a, attended=list(d.get("attended") or []), summary=d["summary"],
        findings=d.get("findings") or "", opinions=d["opinions"], actor=r.user, version=d.get("version"),
    ),
    title=gettext_lazy("登记活动情况"), done=gettext_lazy("已登记活动情况"),
)  # fmt: skip


activity_to_suggestion = record_form(
    q.activity_get_for, Activity, "oversight.manage",
    form=lambda data, a: FindingSuggestionForm(data, activity=a, attendees=q.attendees_of(a)),
    run=lambda r, a, d: finding_services.activity_finding_to_suggestion(
        activity=a, lead=d["lead"], title=d["title"], content=d["content"], actor=r.user
    ),
    title=gettext_lazy("转为代表建议"), done=lambda s: _("已转为代表建议 %(number)s") % {"number": s.number},
    target=lambda a, made: made,
)  # fmt: skip
activity_to_appeal = record_form(
    q.activity_get_for, Activity, "oversight.manage",
    form=lambda data, a: FindingAppealForm(data, activity=a, categories=appeal_categories()),
    run=lambda r, a, d: finding_services.activity_finding_to_appeal(activity=a, data=d, actor=r.user),
    title=gettext_lazy("转为群众诉求"),
    done=lambda ap: _("已转为群众诉求，查询码 %(code)s") % {"code": ap.tracking_code},
    target=lambda a, made: made,
)  # fmt: skip


def _detail_again(request, pk):
    """The activity's page again (read afresh) for a form sent from it that failed."""
    return lambda: _detail_context(request, q.activity_get_for(user=request.user, pk=pk))


@login_required
@require_POST
def activity_reply(request, pk):
    """The invited deputy answers attend / excused (from the activity's page or the notice); an answer that
    fails (excused without a reason) shows the page again with the note that was typed."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    invitation = q.my_invitation(user=request.user, activity=activity)
    if invitation is None:
        return web_step(request, lambda: _not_invited(), done="", target=activity)
    form = ReplyForm(request.POST)
    return web_form_page(
        request, form,
        lambda d: services.invitation_reply(
            invitation=invitation, reply=d["reply"], note=d.get("note") or "", actor=request.user
        ),
        template="oversight/activity_detail.html", context=_detail_again(request, pk),
        done=lambda row: _("已答复：参加") if row.reply == "attend" else _("已答复：请假"),
        target=activity, form_name="reply_form", refused=activity,
    )  # fmt: skip


activity_reply.model = Activity


def _not_invited():
    raise PermissionDenied(_("您未被邀请参加此活动"))


@login_required
@require_POST
def document_upload(request, pk):
    """A document of the activity, sent from its documents tab; a refused one shows the tab again (the kind
    chosen, the file to be chosen again)."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    back = f"{activity.get_absolute_url()}?tab=documents"
    return web_form_page(
        request, form,
        lambda d: services.activity_document_add(
            activity=activity, upload=d["file"], kind=d["kind"], actor=request.user
        ),
        template="oversight/activity_detail.html", context=_detail_again(request, pk),
        done=_("已上传"), target=activity, form_name="document_form", tab="documents", refused=back,
    )  # fmt: skip


document_upload.model = Activity


@login_required
def document_download(request, pk):
    doc = q.activity_document_get_for(user=request.user, pk=pk)
    handle = q.activity_document_open(doc)
    if handle is None:
        messages.error(request, _("材料文件已不存在，请联系管理员"))
        return redirect(f"{doc.activity.get_absolute_url()}?tab=documents")
    return FileResponse(handle, as_attachment=True, filename=doc.name, content_type=doc.mime)


document_download.model = ActivityDocument


# --- deliberation opinions ----------------------------------------------------------------------------------


opinion_create = record_form(
    q.activity_get_for, Activity, "oversight.manage",
    form=lambda data, a: OpinionForm(data),
    run=lambda r, a, d: opinion_services.opinion_create(activity=a, data=d, actor=r.user),
    title=gettext_lazy("起草审议意见"), done=gettext_lazy("已起草审议意见"), target=lambda a, made: made,
)  # fmt: skip


@login_required
def opinion_detail(request, pk):
    opinion = q.opinion_get_for(user=request.user, pk=pk)
    can = offered(opinion, request.user)
    return render(
        request,
        "oversight/opinion_detail.html",
        {
            "opinion": opinion,
            "can": can,
            "can_item": opinion.state != OpinionState.DRAFT
            and allowed(request.user, "oversight.manage", opinion),
            "history": activity_entries(subject=opinion, limit=50),
        },
    )


opinion_detail.model = Opinion


opinion_edit = record_form(
    q.opinion_get_for, Opinion, "oversight.manage",
    form=lambda data, o: OpinionForm(data, instance=o, initial={"version": o.version}),
    run=lambda r, o, d: opinion_services.opinion_update(
        opinion=o, data={k: v for k, v in d.items() if k != "version"}, actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("修改审议意见"), done=gettext_lazy("已修改审议意见"),
)  # fmt: skip
opinion_issue = record_form(
    q.opinion_get_for, Opinion, "oversight.decide",
    form=versioned(IssueForm),
    run=lambda r, o, d: opinion_services.opinion_issue(
        opinion=o, number=d["number"], issued_on=d.get("issued_on"), actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("印发审议意见"), done=gettext_lazy("已印发审议意见"),
)  # fmt: skip
opinion_respond = record_form(
    q.opinion_get_for, Opinion, "oversight.manage",
    form=versioned(RespondForm),
    run=lambda r, o, d: opinion_services.opinion_respond(
        opinion=o, response=d["response"], responded_on=d.get("responded_on"), actor=r.user,
        version=d.get("version"),
    ),
    title=gettext_lazy("登记政府书面反馈"), done=gettext_lazy("已登记政府书面反馈"),
)  # fmt: skip


@login_required
def opinion_docx(request, pk):
    opinion = q.opinion_get_for(user=request.user, pk=pk)
    if opinion.state == OpinionState.DRAFT and not allowed(request.user, "oversight.manage", opinion):
        raise Http404
    response = HttpResponse(documents.opinion_docx(opinion).getvalue(), content_type=documents.DOCX)
    response["Content-Disposition"] = f'attachment; filename="opinion-{opinion.pk}.docx"'
    return response


opinion_docx.model = Opinion


@login_required
def calendar(request):
    """The old calendar page: the feed is the user's one calendar subscription now (renda.feeds)."""
    return redirect("feeds:subscription")


@login_required
def calendar_feed(request):
    """The old signed-token feed URL: moved onto the user's calendar subscription (renda.feeds)."""
    return redirect("feeds:subscription")


urlpatterns: list = [
    path("activities/calendar/", calendar, name="calendar"),
    path("activities/calendar.ics", calendar_feed, name="calendar-feed"),
    path("activities/", activity_list, name="activity-list"),
    path("activities/new/", activity_create, name="activity-create"),
    path("activities/<int:pk>/", activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", activity_edit, name="activity-edit"),
    path("activities/<int:pk>/invite/", activity_invite, name="activity-invite"),
    path("activities/<int:pk>/publish/", activity_publish, name="activity-publish"),
    path("activities/<int:pk>/cancel/", activity_cancel, name="activity-cancel"),
    path("activities/<int:pk>/hold/", activity_hold, name="activity-hold"),
    path("activities/<int:pk>/reply/", activity_reply, name="activity-reply"),
    path("activities/<int:pk>/to-suggestion/", activity_to_suggestion, name="activity-to-suggestion"),
    path("activities/<int:pk>/to-appeal/", activity_to_appeal, name="activity-to-appeal"),
    path("activities/<int:pk>/documents/", document_upload, name="activity-document-upload"),
    path("activities/documents/<int:pk>/", document_download, name="activity-document"),
    path("activities/<int:pk>/opinions/new/", opinion_create, name="opinion-create"),
    path("opinions/<int:pk>/", opinion_detail, name="opinion-detail"),
    path("opinions/<int:pk>/edit/", opinion_edit, name="opinion-edit"),
    path("opinions/<int:pk>/issue/", opinion_issue, name="opinion-issue"),
    path("opinions/<int:pk>/respond/", opinion_respond, name="opinion-respond"),
    path("opinions/<int:pk>/docx/", opinion_docx, name="opinion-docx"),
]
