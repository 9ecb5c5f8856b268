"""Pages of the chairs' invitations and the exchange meetings: district events (list, new, the event with its
invitations, replies and attendance), the invitations of a year (the list each summary figure links to, and
the summary per town), exchange meetings (list, new, the meeting with its minutes, papers and experiences, the
edit form) and a paper's download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.exports import Column, csv_export
from renda.core.paging import page_and_query
from renda.core.types import IdField, YearField, query_value
from renda.core.web import web_form_page

from .. import queries, queries_exchange, services
from ..enums import EventKind, MeetingKind
from ..forms_exchange import (
    AttendanceForm,
    EventForm,
    ExperienceForm,
    InviteForm,
    MeetingForm,
    PaperForm,
    ReplyForm,
)
from ..models import ChairInvitation, DistrictEvent, ExchangeMeeting, MeetingPaper


def _history(model, obj) -> list:
    return [
        (a, activity_label(a.code), activity_details(model, a.data))
        for a in activities_for(subject=obj)[:200]
    ]


# The lists' columns as their CSV downloads (core.exports).
EVENT_COLUMNS = [
    Column(gettext_lazy("类型"), "kind"),
    Column(gettext_lazy("名称"), "title"),
    Column(gettext_lazy("日期"), "date"),
    Column(gettext_lazy("地点"), "place"),
]
INVITATION_COLUMNS = [
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("姓名"), "person.name"),
    Column(gettext_lazy("职务"), "post"),
    Column(gettext_lazy("活动"), "event.title"),
    Column(gettext_lazy("日期"), "event.date"),
    Column(gettext_lazy("答复"), "reply"),
    Column(gettext_lazy("说明"), "reply_note"),
    Column(gettext_lazy("实际出席"), "attended"),
]
MEETING_COLUMNS = [
    Column(gettext_lazy("类型"), "kind"),
    Column(gettext_lazy("名称"), "title"),
    Column(gettext_lazy("日期"), "date"),
    Column(gettext_lazy("地点"), "place"),
]


_page = page_and_query  # core.paging: the rows of a page and the filters its links keep


# --- district events and invitations ---------------------------------------------------------------------


@login_required
def event_list(request):
    kind = request.GET.get("kind", "")
    qs = queries_exchange.events_visible_to(user=request.user)
    if kind in EventKind.values:
        qs = qs.filter(kind=kind)
    year = query_value(request, "year", YearField())
    if year:
        qs = qs.filter(date__year=year)
    if export := csv_export(request, qs.order_by("-id"), columns=EVENT_COLUMNS, filename="district-events"):
        return export
    page, query = _page(request, qs.order_by("-id"))
    return render(
        request,
        "campaigns/event_list.html",
        {
            "page": page,
            "query": query,
            "kinds": EventKind.choices,
            "can_create": bool(grants_of(request.user).district_ids),
        },
    )


@login_required
def event_new(request):
    district = queries.district_of_staff(user=request.user)
    form = EventForm(request.POST or None, district=district)
    return web_form_page(
        request,
        form,
        lambda d: services.event_create(
            district=district, data=dict(d), persons=list(d.get("persons") or []), actor=request.user
        ),
        template="campaigns/event_new.html",
        done=lambda e: _("已登记区级活动“%(title)s”") % {"title": e.title},
        target=lambda e: e,
    )


def _event_context(request, event: DistrictEvent) -> dict:
    district_staff = queries.user_is_district_staff_of(request.user, event.district_id)
    rows = queries_exchange.invitations_of_event(user=request.user, event=event)
    today = timezone.localdate()
    ctx = {
        "event": event,
        "rows": [
            {
                "i": i,
                "can_reply": event.date >= today and request.user.has_perm("campaigns.reply_invitation", i),
            }
            for i in rows
        ],
        "district_staff": district_staff,
        "reply_form": ReplyForm(),
        "today": today,
    }
    if district_staff:
        if event.date >= today:
            ctx.setdefault("invite_form", InviteForm(district=event.district))
        if event.date <= today and rows:
            ctx.setdefault(
                "attendance_form",
                AttendanceForm(
                    event=event,
                    initial={"version": event.version, "attended": [i.person_id for i in rows if i.attended]},
                ),
            )
        ctx["history"] = _history(DistrictEvent, event)
    return ctx


@login_required
def event_detail(request, pk):
    event = queries_exchange.event_get_for(user=request.user, pk=pk)
    return render(request, "campaigns/event_detail.html", _event_context(request, event))


event_detail.model = DistrictEvent


@login_required
def event_invite(request, pk):
    event = queries_exchange.event_get_for(user=request.user, pk=pk)
    if not queries.user_is_district_staff_of(request.user, event.district_id):
        raise PermissionDenied
    form = InviteForm(request.POST or None, district=event.district)
    return web_form_page(
        request,
        form,
        lambda d: services.event_invite(event=event, persons=list(d["persons"]), actor=request.user),
        template="campaigns/event_detail.html",
        context=lambda: _event_context(request, event) | {"invite_form": form},
        done=lambda made: _("已发出 %(n)s 份邀请") % {"n": len(made)},
        target=event,
    )


event_invite.model = DistrictEvent


@login_required
def event_attendance(request, pk):
    event = queries_exchange.event_get_for(user=request.user, pk=pk)
    if not queries.user_is_district_staff_of(request.user, event.district_id):
        raise PermissionDenied
    form = AttendanceForm(request.POST or None, event=event)
    return web_form_page(
        request,
        form,
        lambda d: services.event_attendance(
            event=event, attended=list(d.get("attended") or []), actor=request.user, version=d.get("version")
        ),
        template="campaigns/event_detail.html",
        context=lambda: _event_context(request, event) | {"attendance_form": form},
        done=gettext_lazy("已登记出席情况"),
        target=event,
    )


event_attendance.model = DistrictEvent


@login_required
@require_POST
def invitation_reply(request, pk):
    invitation = queries_exchange.invitation_get_for(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    return web_form_page(
        request,
        form,
        lambda d: services.invitation_reply(
            invitation=invitation, reply=d["reply"], note=d.get("note") or "", actor=request.user
        ),
        template="campaigns/event_detail.html",
        context=lambda: {**_event_context(request, invitation.event), "reply_for": invitation.pk},
        form_name="reply_form",
        done=gettext_lazy("已答复邀请"),
        target=invitation,
        refused=invitation,
    )


invitation_reply.model = ChairInvitation


def _attended_value(request):
    value = request.GET.get("attended", "")
    return True if value == "1" else False if value == "0" else None


@login_required
def invitation_list(request):
    year = query_value(request, "year", YearField())
    qs = queries_exchange.invitations_filtered(
        user=request.user,
        year=year,
        town=query_value(request, "town", IdField()),
        attended=_attended_value(request),
        kind=request.GET.get("kind", "") if request.GET.get("kind", "") in EventKind.values else "",
    ).order_by("-id")
    if export := csv_export(request, qs, columns=INVITATION_COLUMNS, filename="chair-invitations"):
        return export
    page, query = _page(request, qs)
    return render(
        request,
        "campaigns/invitation_list.html",
        {"page": page, "rows": list(page.object_list), "query": query, "kinds": EventKind.choices},
    )


@login_required
def invitation_summary(request):
    year = query_value(request, "year", YearField()) or timezone.localdate().year
    rows = queries_exchange.invitation_summary(user=request.user, year=year)
    totals = {"invited": sum(r["invited"] for r in rows), "attended": sum(r["attended"] for r in rows)}
    return render(
        request,
        "campaigns/invitation_summary.html",
        {
            "year": year,
            "rows": rows,
            "totals": totals,
            "invited_url": queries_exchange.invitation_link(year=year),
            "attended_url": queries_exchange.invitation_link(year=year, attended=True),
        },
    )


# --- exchange meetings -----------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    kind = request.GET.get("kind", "")
    qs = queries_exchange.meetings_filtered(
        user=request.user,
        kind=kind if kind in MeetingKind.values else "",
        year=query_value(request, "year", YearField()),
    ).order_by("-id")
    if export := csv_export(request, qs, columns=MEETING_COLUMNS, filename="exchange-meetings"):
        return export
    page, query = _page(request, qs)
    return render(
        request,
        "campaigns/meeting_list.html",
        {
            "page": page,
            "query": query,
            "kinds": MeetingKind.choices,
            "can_create": bool(grants_of(request.user).district_ids),
        },
    )


@login_required
def meeting_new(request):
    district = queries.district_of_staff(user=request.user)
    form = MeetingForm(request.POST or None, district=district, initial={"date": timezone.localdate()})
    return web_form_page(
        request,
        form,
        lambda d: services.meeting_create(district=district, data=dict(d), actor=request.user),
        template="campaigns/meeting_form.html",
        done=lambda m: _("已登记交流会议“%(title)s”") % {"title": m.title},
        target=lambda m: m,
    )


def _meeting_context(request, meeting: ExchangeMeeting) -> dict:
    district_staff = queries.user_is_district_staff_of(request.user, meeting.district_id)
    ctx = {
        "meeting": meeting,
        "participants": list(meeting.participants.select_related("town").order_by("town__code", "name")),
        "papers": list(meeting.papers.select_related("author", "town").order_by("id")),
        "experiences": list(meeting.experiences.select_related("town").order_by("id")),
        "district_staff": district_staff,
    }
    if district_staff:
        ctx.setdefault("paper_form", PaperForm(district=meeting.district))
        ctx.setdefault("experience_form", ExperienceForm(district=meeting.district))
        ctx["history"] = _history(ExchangeMeeting, meeting)
    return ctx


@login_required
def meeting_detail(request, pk):
    meeting = queries_exchange.meeting_get_for(user=request.user, pk=pk)
    return render(request, "campaigns/meeting_detail.html", _meeting_context(request, meeting))


meeting_detail.model = ExchangeMeeting


def _manageable_meeting(request, pk) -> ExchangeMeeting:
    meeting = queries_exchange.meeting_get_for(user=request.user, pk=pk)
    if not queries.user_is_district_staff_of(request.user, meeting.district_id):
        raise PermissionDenied
    return meeting


@login_required
def meeting_edit(request, pk):
    meeting = _manageable_meeting(request, pk)
    initial = {
        "version": meeting.version,
        "kind": meeting.kind,
        "title": meeting.title,
        "date": meeting.date,
        "place": meeting.place,
        "minutes": meeting.minutes,
        "participants": list(meeting.participants.values_list("pk", flat=True)),
    }
    form = MeetingForm(request.POST or None, district=meeting.district, initial=initial)
    return web_form_page(
        request,
        form,
        lambda d: services.meeting_update(
            meeting=meeting,
            data={k: v for k, v in d.items() if k != "version"},
            actor=request.user,
            version=d.get("version"),
        ),
        template="campaigns/meeting_form.html",
        context={"meeting": meeting},
        done=gettext_lazy("已保存交流会议"),
        target=meeting,
    )


meeting_edit.model = ExchangeMeeting


@login_required
def meeting_paper_add(request, pk):
    meeting = _manageable_meeting(request, pk)
    form = PaperForm(request.POST or None, request.FILES or None, district=meeting.district)
    return web_form_page(
        request,
        form,
        lambda d: services.meeting_paper_add(
            meeting=meeting, title=d["title"], author=d["author"], upload=d["file"], actor=request.user
        ),
        template="campaigns/meeting_detail.html",
        context=lambda: _meeting_context(request, meeting) | {"paper_form": form},
        form_name="paper_form",
        done=gettext_lazy("已上传交流材料"),
        target=meeting,
    )


meeting_paper_add.model = ExchangeMeeting


@login_required
def meeting_experience_add(request, pk):
    meeting = _manageable_meeting(request, pk)
    form = ExperienceForm(request.POST or None, district=meeting.district)
    return web_form_page(
        request,
        form,
        lambda d: services.experience_add(
            meeting=meeting,
            text=d["text"],
            town=d.get("town"),
            practice_name=d.get("practice_name") or "",
            actor=request.user,
        ),
        template="campaigns/meeting_detail.html",
        context=lambda: _meeting_context(request, meeting) | {"experience_form": form},
        form_name="experience_form",
        done=gettext_lazy("已记录经验做法"),
        target=meeting,
    )


meeting_experience_add.model = ExchangeMeeting


@login_required
def paper_download(request, pk):
    paper = queries_exchange.paper_get_for(user=request.user, pk=pk)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        messages.error(request, _("文件不存在或已被移除"))
        return redirect(paper.meeting)
    return FileResponse(handle, as_attachment=True, filename=paper.name, content_type=paper.mime)


paper_download.model = MeetingPaper

urlpatterns = [
    path("events/", event_list, name="event-list"),
    path("events/new/", event_new, name="event-new"),
    path("events/<int:pk>/", event_detail, name="event-detail"),
    path("events/<int:pk>/invite/", event_invite, name="event-invite"),
    path("events/<int:pk>/attendance/", event_attendance, name="event-attendance"),
    path("invitations/", invitation_list, name="invitation-list"),
    path("invitations/summary/", invitation_summary, name="invitation-summary"),
    path("invitations/<int:pk>/reply/", invitation_reply, name="invitation-reply"),
    path("meetings/", meeting_list, name="meeting-list"),
    path("meetings/new/", meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/papers/", meeting_paper_add, name="meeting-paper-add"),
    path("meetings/<int:pk>/experiences/", meeting_experience_add, name="meeting-experience-add"),
    path("papers/<int:pk>/", paper_download, name="paper-download"),
]
