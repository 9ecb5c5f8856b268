"""Appeal pages: the lists (all, due soon for the petitions office, overdue for discipline inspection), one
appeal and its steps (assign, reply, the voter's satisfaction, turning it into a deputy suggestion), the figures."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.access import grants_of
from renda.core.audit import activity_entries
from renda.core.deadlines.services import clock_explain
from renda.core.deadlines.status import clock_for, clock_summary
from renda.core.exports import Column, csv_export
from renda.core.labels import choice_label
from renda.core.permissions import allowed
from renda.core.types import IdField, YearField, query_value
from renda.core.web import web_form_page
from renda.registry.validators import mask_phone

from .. import queries, services
from ..enums import AppealState
from ..forms import AppealForm, AssignForm, ConvertForm, FeedbackForm, ReplyForm
from ..models import Appeal
from ._common import _is_staff_somewhere, _offered, _page, _staff_town


def _handler(a) -> str:
    who = str(a.handler.display_name or a.handler) if a.handler else ""
    return " · ".join(x for x in (who, str(a.unit) if a.unit else "") if x)


# The lists' columns as their CSV download (core.exports): the citizen's name masked as on the page.
APPEAL_COLUMNS = [
    Column(gettext_lazy("查询码"), "tracking_code"),
    Column(gettext_lazy("登记日期"), "received_on"),
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("类别"), lambda a: queries.category_label(a.category)),
    Column(gettext_lazy("诉求内容"), "content"),
    Column(gettext_lazy("群众"), lambda a: queries.mask_name(a.citizen_name)),
    Column(gettext_lazy("责任人"), _handler),
    Column(gettext_lazy("答复期限"), "due_date"),
    Column(gettext_lazy("状态"), "state"),
]


def _appeal_columns(qs):
    return (
        qs.select_related(None)
        .select_related(*queries.APPEAL_PAGE_RELATED)
        .only(*queries.APPEAL_PAGE_COLUMNS)
    )


def _appeal_csv(request, qs):
    return csv_export(request, _appeal_columns(qs), columns=APPEAL_COLUMNS, filename="appeals")


def _appeal_rows(request, qs):
    page, querystring = _page(request, _appeal_columns(qs))
    rows = [
        (a, queries.mask_name(a.citizen_name), queries.category_label(a.category), choice_label(a, "state"))
        for a in page.object_list
    ]
    return page, querystring, rows


@login_required
def appeal_list(request):
    qs = queries.appeals_visible_to(user=request.user)
    state = request.GET.get("state", "")
    if state in AppealState.values:
        qs = qs.filter(state=state)
    g = request.GET
    qs = queries.appeals_narrowed(
        qs,
        town=query_value(request, "town", IdField()),
        year=query_value(request, "year", YearField()),
        state=state,
        overdue=g.get("overdue") == "1",
        category=g.get("category", "")[:50],
        replied=g.get("replied") == "1",
        on_time=g.get("on_time") == "1",
    )
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(tracking_code__icontains=q) | qs.filter(content__icontains=q)
    if export := _appeal_csv(request, qs):
        return export
    page, querystring, rows = _appeal_rows(request, qs)
    return render(
        request,
        "receptions/appeal_list.html",
        {
            "page": page,
            "rows": rows,
            "querystring": querystring,
            "states": AppealState.choices,
            "state": state,
            "q": q,
            "title": _("群众诉求"),
            "today": timezone.localdate(),
            "can_create": _is_staff_somewhere(request),
        },
    )


@login_required
def petitions_due(request):
    """信访办: open appeals due soon (and today), so no reply deadline is missed."""
    qs = queries.appeals_due_soon(user=request.user)
    if export := _appeal_csv(request, qs):
        return export
    page, querystring, rows = _appeal_rows(request, qs)
    return render(
        request,
        "receptions/appeal_list.html",
        {
            "page": page,
            "rows": rows,
            "querystring": querystring,
            "title": _("即将到期的诉求"),
            "lead": _("以下诉求将在 %(n)s 天内到答复期限，请督促责任人按期答复。")
            % {"n": settings.RENDA["DEADLINE_DUE_SOON_DAYS"]},
            "today": timezone.localdate(),
        },
    )


@login_required
def discipline_overdue(request):
    """纪委: open appeals past their reply deadline, escalated for supervision."""
    qs = queries.appeals_overdue(user=request.user)
    if export := _appeal_csv(request, qs):
        return export
    page, querystring, rows = _appeal_rows(request, qs)
    return render(
        request,
        "receptions/appeal_list.html",
        {
            "page": page,
            "rows": rows,
            "querystring": querystring,
            "title": _("超期未答复的诉求"),
            "lead": _("以下诉求已超过答复期限仍未答复，已提请纪委督办。"),
            "today": timezone.localdate(),
        },
    )


@login_required
def appeal_create(request):
    """An appeal received at a liaison post or by phone, recorded by staff."""
    town = _staff_town(request)
    form = AppealForm(request.POST or None, town=town)

    def run(d):
        data = dict(d)
        post = data.pop("liaison_post", None)
        return services.appeal_submit(town=town, data=data, liaison_post=post, actor=request.user)

    return web_form_page(
        request, form, run, template="receptions/form.html", context={"title": _("登记诉求"), "town": town},
        done=lambda appeal: _("已登记诉求，查询码 %(code)s") % {"code": appeal.tracking_code},
        target=lambda appeal: appeal,
    )  # fmt: skip


@login_required
def appeal_detail(request, pk):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    clock = clock_for(subject=appeal, kind=services.APPEAL_CLOCK)
    handles = allowed(request.user, "receptions.view_pii", appeal)
    can = _offered(appeal, request.user)
    return render(
        request,
        "receptions/appeal_detail.html",
        {
            "appeal": appeal,
            "name_masked": queries.mask_name(appeal.citizen_name),
            "phone_masked": mask_phone(appeal.citizen_phone),
            "category": queries.category_label(appeal.category),
            "clock": clock,
            "clock_due": clock_summary(clock),
            "clock_explanation": clock_explain(clock) if clock else "",
            "can_unmask": handles,
            "day_link": queries.reception_day_readable(user=request.user, day=appeal.reception_day),
            "can_assign": bool(can.get("assign") or can.get("reassign")),
            "can_reply": bool(can.get("reply")),
            "can_convert": bool(can.get("convert")) and not appeal.suggestion_id,
            "can_feedback": bool(can.get("close")),
            "photos": list(appeal.photos.all()) if handles else [],
            "history": activity_entries(subject=appeal, limit=30),
        },
    )


appeal_detail.model = Appeal


@login_required
@require_POST
def appeal_pii(request, pk):
    """The voter's unmasked name and phone, for the handlers only; every look is logged."""
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    services.appeal_pii_viewed(appeal=appeal, actor=request.user)
    return render(request, "receptions/_appeal_pii.html", {"appeal": appeal})


appeal_pii.model = Appeal


@login_required
def appeal_assign(request, pk):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "receptions.manage", appeal):
        raise PermissionDenied
    grants = list(services.appeal_handler_grants(town=appeal.town))
    form = AssignForm(request.POST or None, grants=grants, initial={"version": appeal.version})
    return web_form_page(
        request, form,
        lambda d: services.appeal_assign(
            appeal=appeal, handler=form.grants[d["grant"]].user, unit=form.grants[d["grant"]].unit,
            actor=request.user, version=d["version"],
        ),
        template="receptions/form.html", context={"title": _("交办诉求"), "back": appeal},
        done=_("已交办"), target=appeal,
    )  # fmt: skip


appeal_assign.model = Appeal


@login_required
def appeal_reply(request, pk):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "receptions.reply", appeal):
        raise PermissionDenied
    form = ReplyForm(
        request.POST or None,
        initial={
            "version": appeal.version,
            "replied_by": getattr(request.user, "display_name", "") or str(request.user),
        },
    )
    return web_form_page(
        request, form, lambda d: services.appeal_reply(appeal=appeal, actor=request.user, **d),
        template="receptions/form.html", context={"title": _("答复诉求"), "back": appeal},
        done=_("已答复"), target=appeal,
    )  # fmt: skip


appeal_reply.model = Appeal


@login_required
def appeal_feedback(request, pk):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "receptions.record_feedback", appeal):
        raise PermissionDenied
    form = FeedbackForm(request.POST or None)
    return web_form_page(
        request, form, lambda d: services.appeal_feedback_record(appeal=appeal, actor=request.user, **d),
        template="receptions/form.html", context={"title": _("电话回访评价"), "back": appeal},
        done=_("已记录群众评价"), target=appeal,
    )  # fmt: skip


appeal_feedback.model = Appeal


@login_required
def appeal_convert(request, pk):
    """Turn the appeal into a deputy suggestion (a matter for the congress)."""
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "receptions.manage", appeal):
        raise PermissionDenied
    initial = {"signers": list(appeal.reception_day.attended.all()) if appeal.reception_day_id else []}
    form = ConvertForm(request.POST or None, town=appeal.town, initial=initial)
    return web_form_page(
        request, form,
        lambda d: services.appeal_convert_to_suggestion(
            appeal=appeal, signers=list(d["signers"]), title=d["title"], actor=request.user
        ),
        template="receptions/form.html", context={"title": _("转为代表建议"), "back": appeal},
        done=_("已转为代表建议"), target=lambda converted: converted,
    )  # fmt: skip


appeal_convert.model = Appeal


@login_required
def stats(request):
    towns = list(queries.towns_by_ids(grants_of(request.user).visible_town_ids))
    wanted = request.GET.get("town", "")
    town_id = int(wanted) if wanted.isdigit() and any(t.pk == int(wanted) for t in towns) else None
    figures = queries.appeal_figures(user=request.user, town_id=town_id)
    return render(
        request,
        "receptions/stats.html",
        {"figures": figures, "towns": towns, "town_id": town_id},
    )
