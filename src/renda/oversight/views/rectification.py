"""Pages of the oversight app: rectification items (their URL patterns are collected by oversight/urls.py).

The list (town column and filter for district staff; a unit clerk's tab of their own unit's items), the item's page
with its reports, evidence, history and the steps the user may take as small forms, and the create page for town
staff. Each view parses input, calls one service, renders or redirects with a message."""

from __future__ import annotations

from django.conf import settings
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
from renda.core.paging import KeyPaginator
from renda.core.types import IdField, YearField, query_value
from renda.core.web import form_tab, web_form_page, web_step, with_tab
from renda.registry.queries import town_get_for

from .. import forms_rectification as forms
from .. import queries_rectification as queries
from .. import services
from ..enums import RectificationState
from ..models import RectificationItem, RectificationReport

TABS = ("handling", "history")

# The list's columns as its CSV download (core.exports).
ITEM_COLUMNS = [
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("整改事项"), "title"),
    Column(gettext_lazy("责任单位"), "unit.name"),
    Column(gettext_lazy("状态"), "state"),
    Column(gettext_lazy("整改期限"), "due_date"),
    Column(gettext_lazy("回头看日期"), "recheck_date"),
]


@login_required
def item_list(request):
    g = request.GET
    grants = grants_of(request.user)
    role = g.get("role", "")
    towns = queries.verifier_town_ids(request.user)
    if not towns and not grants.unit_ids:
        raise PermissionDenied
    qs = queries.rectification_items_filtered(
        user=request.user,
        state=g.get("state", ""),
        unit=query_value(request, "unit", IdField()),
        overdue=g.get("overdue") == "1",
        year=query_value(request, "year", YearField()),
        town=query_value(request, "town", IdField()),
        mine=role == "unit",
        activity=query_value(request, "activity", IdField()),
        reopened=g.get("reopened") == "1",
    ).order_by("-id")
    if export := csv_export(request, qs, columns=ITEM_COLUMNS, filename="rectification"):
        return export
    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(g.get("page"))
    today = timezone.localdate()
    rows = [{"item": i, "overdue": queries.rectification_is_overdue(i, today)} for i in page.object_list]
    tabs = [("", _("全部"))]
    if grants.unit_ids and towns:
        tabs.append(("unit", _("本单位整改")))
    params = g.copy()
    params.pop("page", None)
    return render(
        request,
        "oversight/item_list.html",
        {
            "page": page,
            "rows": rows,
            "tabs": tabs,
            "role": role,
            "states": RectificationState.choices,
            "query": params.urlencode(),
            "can_create": bool(queries.staff_town_ids(request.user)),
        },
    )


@login_required
def item_new(request):
    """Town staff assign an item to a responsible unit (交办), from an activity or a deliberation opinion."""
    ids = queries.staff_town_ids(request.user)
    if not ids:
        raise PermissionDenied
    town = town_get_for(user=request.user, pk=query_value(request, "town", IdField(), ids[0]))
    if not queries.rectification_user_is_staff(request.user, town.pk):
        raise PermissionDenied
    # From an activity's or an opinion's page: its source preset (?activity= / ?opinion=; the form's choices are
    # the town's own, so a record of another town is not preset).
    preset = {n: query_value(request, n, IdField()) for n in ("activity", "opinion")}
    form = forms.ItemForm(request.POST or None, town=town, initial={k: v for k, v in preset.items() if v})
    return web_form_page(
        request,
        form,
        lambda d: services.rectification_item_create(
            town=town,
            title=d["title"],
            description=d["description"],
            unit=d["unit"],
            activity=d.get("activity"),
            opinion=d.get("opinion"),
            actor=request.user,
        ),
        template="oversight/item_new.html",
        context={"town": town},
        done=lambda i: _("已交办，整改期限 %(due)s") % {"due": i.due_date},
        target=lambda i: i,
    )


def _detail_context(request, item) -> dict:
    can = queries.rectification_actions_for(user=request.user, item=item)
    initial = {"version": item.version}
    ctx = {
        "item": item,
        "can": can,
        "overdue": queries.rectification_is_overdue(item),
        "tab": form_tab(request, TABS, "handling"),
        "reports": item.reports.all(),
        "history": [
            (a, activity_label(a.code), activity_details(RectificationItem, a.data))
            for a in activities_for(subject=item)[:200]
        ],
    }
    if can & {"progress", "complete"}:
        ctx["report_form"] = forms.style(forms.ReportForm(initial=initial))
    if "accept" in can:
        ctx["accept_form"] = forms.style(forms.AcceptForm(initial=initial))
    if "reject" in can:
        ctx["reject_form"] = forms.style(forms.RejectForm(initial=initial))
    if can & {"confirm", "reopen"}:
        ctx["recheck_form"] = forms.style(forms.RecheckForm(initial=initial))
    return ctx


@login_required
def item_detail(request, pk):
    item = queries.rectification_item_page_get_for(user=request.user, pk=pk)
    return render(request, "oversight/item_detail.html", _detail_context(request, item))


item_detail.model = RectificationItem


def _action(form_class, run, done, *, form_name: str | None = None, tab: str = "handling"):
    """A POST-only step on one item (the shape of suggestions.views._action): a failing step with input shows the
    page again with what was typed; one refused by the state or a newer version goes back to the page."""

    @login_required
    @require_POST
    def view(request, pk):
        item = queries.rectification_item_get_for(user=request.user, pk=pk)
        sent_tab = form_tab(request, TABS, tab)
        back = with_tab(item.get_absolute_url(), sent_tab)
        form = forms.style(form_class(request.POST, request.FILES, item=item))
        if form_name is None:
            if not form.is_valid():
                return redirect(back)
            return web_step(request, lambda: run(request, item, form.cleaned_data), done=done, target=back)
        return web_form_page(
            request,
            form,
            lambda d: run(request, item, d),
            template="oversight/item_detail.html",
            context=lambda: _detail_context(
                request, queries.rectification_item_page_get_for(user=request.user, pk=pk)
            ),
            done=done,
            target=item,
            form_name=form_name,
            tab=sent_tab,
            refused=back,
        )

    view.model = RectificationItem
    view.form_name = form_name  # the form with the user's input (tests/test_forms_keep_input.py)
    return view


item_report = _action(
    forms.ReportForm,
    lambda r, i, d: services.rectification_report_add(
        item=i, kind=d["kind"], text=d["text"], file=d.get("file"), actor=r.user, version=d["version"]
    ),
    gettext_lazy("已报送"),
    form_name="report_form",
)
item_accept = _action(
    forms.AcceptForm,
    lambda r, i, d: services.rectification_item_accept(item=i, actor=r.user, version=d["version"]),
    gettext_lazy("验收通过，已销号"),
)
item_reject = _action(
    forms.RejectForm,
    lambda r, i, d: services.rectification_item_reject(
        item=i, reason=d["reason"], due_date=d.get("due_date"), actor=r.user, version=d["version"]
    ),
    gettext_lazy("已退回责任单位重新整改"),
    form_name="reject_form",
)
item_recheck = _action(
    forms.RecheckForm,
    lambda r, i, d: services.rectification_item_recheck(
        item=i,
        confirmed=d["confirmed"],
        reason=d["reason"],
        due_date=d.get("due_date"),
        actor=r.user,
        version=d["version"],
    ),
    gettext_lazy("回头看结论已保存"),
    form_name="recheck_form",
)


@login_required
def report_file(request, pk):
    report = queries.rectification_report_get_for(user=request.user, pk=pk)
    handle = queries.rectification_report_open(report)
    if handle is None:
        messages.error(request, _("佐证材料文件已不存在，请联系管理员"))
        return redirect(report.item)
    return FileResponse(handle, as_attachment=True, filename=report.file_name or "evidence")


report_file.model = RectificationReport

urlpatterns = [
    path("items/", item_list, name="item-list"),
    path("items/new/", item_new, name="item-new"),
    path("items/<int:pk>/", item_detail, name="item-detail"),
    path("items/<int:pk>/report/", item_report, name="item-report"),
    path("items/<int:pk>/accept/", item_accept, name="item-accept"),
    path("items/<int:pk>/reject/", item_reject, name="item-reject"),
    path("items/<int:pk>/recheck/", item_recheck, name="item-recheck"),
    path("item-reports/<int:pk>/file/", report_file, name="item-report-file"),
]
