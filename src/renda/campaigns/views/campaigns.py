"""Campaign pages: the list (district staff: their district's campaigns; town staff: those covering their town),
the new-campaign form (district staff), the campaign's page with its board and steps, and the board as XLSX."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.exports import Column, csv_export
from renda.core.paging import KeyPaginator
from renda.core.types import YearField, query_value
from renda.core.web import web_form_page, web_step

from .. import documents, queries, services
from ..enums import CampaignState
from ..forms import CampaignForm, VersionForm, style
from ..models import Campaign

# The list's columns as its CSV download (core.exports).
CAMPAIGN_COLUMNS = [
    Column(gettext_lazy("名称"), "title"),
    Column(gettext_lazy("主题"), "theme"),
    Column(gettext_lazy("状态"), "state"),
    Column(gettext_lazy("部署日期"), "launch_date"),
    Column(gettext_lazy("跟进期限（天）"), "followup_days"),
]


@login_required
def campaign_list(request):
    g = grants_of(request.user)
    if not g.district_ids and not queries.staff_town_ids(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    qs = queries.campaigns_filtered(
        user=request.user,
        state=state if state in CampaignState.values else "",
        year=query_value(request, "year", YearField()),
    ).order_by("-id")
    if export := csv_export(request, qs, columns=CAMPAIGN_COLUMNS, filename="campaigns"):
        return export
    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "page": page,
            "states": CampaignState.choices,
            "query": params.urlencode(),
            "can_create": bool(g.district_ids),
        },
    )


@login_required
def campaign_new(request):
    district = queries.district_of_staff(user=request.user)
    form = CampaignForm(request.POST or None, district=district)
    return web_form_page(
        request,
        form,
        lambda d: services.campaign_create(district=district, data=dict(d), actor=request.user),
        template="campaigns/campaign_new.html",
        done=lambda c: _("已新建专项督查“%(title)s”，请核对后部署") % {"title": c.title},
        target=lambda c: c,
    )


def board_chart(board) -> dict:
    """The board's bar chart (static/campaigns/board.js): findings per category per town, a click opens the
    town's task."""
    towns = [r.task.town.name for r in board.rows]
    urls = [r.links.get("task", "") for r in board.rows]
    series = [
        {"name": name, "data": [r.findings[i] for r in board.rows], "urls": urls}
        for i, name in enumerate(board.categories)
    ]
    return {"towns": towns, "series": series}


def _detail_context(request, campaign: Campaign) -> dict:
    can = queries.campaign_actions_for(user=request.user, campaign=campaign)
    district_staff = queries.user_is_district_staff_of(request.user, campaign.district_id)
    board = queries.campaign_board(user=request.user, campaign=campaign)
    ctx = {
        "campaign": campaign,
        "can": can,
        "board": board,
        "chart": board_chart(board) if board.rows and board.categories else None,
        "can_edit": district_staff and campaign.state == CampaignState.DRAFT,
        "district_staff": district_staff,
        "kinds": queries.kind_labels(campaign.required_kinds),
    }
    if can:
        ctx["version_form"] = style(VersionForm(initial={"version": campaign.version}))
    if district_staff:
        ctx["history"] = [
            (a, activity_label(a.code), activity_details(Campaign, a.data))
            for a in activities_for(subject=campaign)[:200]
        ]
    return ctx


@login_required
def campaign_detail(request, pk):
    campaign = queries.campaign_page_get_for(user=request.user, pk=pk)
    return render(request, "campaigns/campaign_detail.html", _detail_context(request, campaign))


campaign_detail.model = Campaign


def _step(run, done):
    @login_required
    @require_POST
    def view(request, pk):
        campaign = queries.campaign_get_for(user=request.user, pk=pk)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return redirect(campaign)
        version = form.cleaned_data.get("version")
        return web_step(request, lambda: run(request, campaign, version), done=done, target=campaign)

    view.model = Campaign
    view.form_name = None  # no input of the user's own (tests/test_forms_keep_input.py)
    return view


campaign_launch = _step(
    lambda r, c, v: services.campaign_launch(campaign=c, actor=r.user, version=v),
    gettext_lazy("已部署专项督查，已通知各镇（街道）"),
)
campaign_close = _step(
    lambda r, c, v: services.campaign_close(campaign=c, actor=r.user, version=v),
    gettext_lazy("专项督查已结束"),
)


@login_required
def campaign_xlsx(request, pk):
    campaign = queries.campaign_get_for(user=request.user, pk=pk)
    board = queries.campaign_board(user=request.user, campaign=campaign)
    response = HttpResponse(documents.board_xlsx(board).getvalue(), content_type=documents.XLSX)
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}.xlsx"'
    return response


campaign_xlsx.model = Campaign


@login_required
def campaign_docx(request, pk):
    campaign = queries.campaign_get_for(user=request.user, pk=pk)
    board = queries.campaign_board(user=request.user, campaign=campaign)
    data = documents.board_docx(board, today=timezone.localdate()).getvalue()
    response = HttpResponse(data, content_type=documents.DOCX)
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}.docx"'
    return response


campaign_docx.model = Campaign


@login_required
def campaign_edit(request, pk):
    """District staff change a draft before it is launched."""
    campaign = queries.campaign_page_get_for(user=request.user, pk=pk)
    if not queries.user_is_district_staff_of(request.user, campaign.district_id):
        raise PermissionDenied
    initial = {
        "version": campaign.version,
        "title": campaign.title,
        "theme": campaign.theme,
        "description": campaign.description,
        "towns": [t.pk for t in campaign.towns.all()],
        "followup_days": campaign.followup_days,
        "required_kinds": campaign.required_kinds,
        "categories": "\n".join(campaign.categories),
        "launch_activity": campaign.launch_activity_id,
    }
    form = CampaignForm(request.POST or None, district=campaign.district, initial=initial, edit=True)
    return web_form_page(
        request,
        form,
        lambda d: services.campaign_update(
            campaign=campaign,
            data={k: v for k, v in d.items() if k != "version"},
            actor=request.user,
            version=d.get("version"),
        ),
        template="campaigns/campaign_new.html",
        context={"campaign": campaign},
        done=gettext_lazy("已保存专项督查草稿"),
        target=campaign,
    )


campaign_edit.model = Campaign

urlpatterns = [
    path("", campaign_list, name="campaign-list"),
    path("new/", campaign_new, name="campaign-new"),
    path("<int:pk>/", campaign_detail, name="campaign-detail"),
    path("<int:pk>/launch/", campaign_launch, name="campaign-launch"),
    path("<int:pk>/close/", campaign_close, name="campaign-close"),
    path("<int:pk>/board.xlsx", campaign_xlsx, name="campaign-xlsx"),
    path("<int:pk>/board.docx", campaign_docx, name="campaign-docx"),
    path("<int:pk>/edit/", campaign_edit, name="campaign-edit"),
]
