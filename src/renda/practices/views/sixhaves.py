"""Six-haves pages: the list of self-assessments (a town's staff: their own; the district's: every town's, by
year and state), the district's grid (every town × the six items with each cell's evidence), one town's year with
the budget, an item form per "have" and the submit / return steps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.exports import Column, csv_export
from renda.core.permissions import allowed
from renda.core.sixhaves import SIX_HAVES
from renda.core.types import IdField, YearField, query_value
from renda.core.web import web_form_page

from .. import queries, services
from ..enums import SixHavesState
from ..forms import BudgetForm, ItemForm, OpenForm, ReturnForm
from ..models import SixHaves
from ._common import history, page_of, record_form, record_post


def _towns_to_open(request) -> list:
    """The towns whose self-assessment this user may open: their town-staff towns (district staff: none; they
    see and return)."""
    ids = sorted(grants_of(request.user).roles.get(Role.TOWN_STAFF, frozenset()))
    return list(queries.towns_among(ids=ids))


# The list's columns as its CSV download (core.exports).
SIXHAVES_COLUMNS = [
    Column(gettext_lazy("镇（街道）"), "town.name"),
    Column(gettext_lazy("年度"), "year"),
    Column(gettext_lazy("状态"), "state"),
    Column(gettext_lazy("经费（万元）"), "budget"),
    Column(gettext_lazy("报送日期"), "submitted_on"),
]


@login_required
def sixhaves_list(request):
    if not queries.staff_town_ids(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    qs = queries.sixhaves_filtered(
        user=request.user,
        year=query_value(request, "year", YearField()),
        town=query_value(request, "town", IdField()),
        state=state if state in SixHavesState.values else "",
    ).order_by("-year", "town__code", "id")
    if export := csv_export(request, qs, columns=SIXHAVES_COLUMNS, filename="six-haves"):
        return export
    page, query = page_of(request, qs)
    today = timezone.localdate()
    return render(
        request,
        "practices/sixhaves_list.html",
        {
            "page": page,
            "query": query,
            "states": SixHavesState.choices,
            "open_towns": _towns_to_open(request),
            "open_form": OpenForm(initial={"year": today.year}),
            "district_staff": bool(grants_of(request.user).district_ids),
            "total": len(SIX_HAVES),
        },
    )


@login_required
def sixhaves_open(request):
    """A town's staff open (or find) their town's self-assessment of a year (POST; GET shows the form)."""
    towns = _towns_to_open(request)
    if not towns:
        raise PermissionDenied
    wanted = request.POST.get("town") or request.GET.get("town") or ""
    town = next((t for t in towns if str(t.pk) == wanted), towns[0])
    form = OpenForm(request.POST or None, initial={"year": timezone.localdate().year})
    return web_form_page(
        request,
        form,
        lambda d: services.sixhaves_open(town=town, year=d["year"], actor=request.user),
        template="practices/form.html",
        context={"title": _("填报六有自评"), "town": town},
        done=lambda s: _("请逐项确认%(year)s年度六有自评") % {"year": s.year},
        target=lambda s: s,
    )


@login_required
def sixhaves_grid(request):
    """The district's grid: every town × the six items of a year, each cell with its evidence."""
    district = queries.district_of_staff(user=request.user)
    year = query_value(request, "year", YearField()) or timezone.localdate().year
    rows = queries.sixhaves_grid(user=request.user, district=district, year=year)
    return render(
        request,
        "practices/sixhaves_grid.html",
        {"rows": rows, "year": year, "items": [str(v) for v in SIX_HAVES.values()], "district": district},
    )


def _context(request, s: SixHaves) -> dict:
    can = queries.sixhaves_actions_for(user=request.user, assessment=s)
    editable = s.state == SixHavesState.DRAFT and allowed(request.user, "practices.selfassess", s)
    items = queries.sixhaves_items(assessment=s)
    ctx = {
        "assessment": s,
        "items": items,
        "can": can,
        "editable": editable,
        "history": history(s),
    }
    if editable:
        ctx["budget_form"] = BudgetForm(
            initial={"version": s.version, "budget": s.budget, "budget_note": s.budget_note}
        )
        ctx["item_forms"] = {
            i.key: ItemForm(
                initial={
                    "version": s.version,
                    "key": i.key,
                    "confirmed": i.confirmed,
                    "note": i.item.note if i.item else "",
                },
                prefix=i.key,
            )
            for i in items
        }
    return ctx


@login_required
def sixhaves_detail(request, pk):
    s = queries.sixhaves_get_for(user=request.user, pk=pk)
    return render(request, "practices/sixhaves_detail.html", _context(request, s))


sixhaves_detail.model = SixHaves


@login_required
def sixhaves_budget(request, pk):
    s = queries.sixhaves_get_for(user=request.user, pk=pk)
    form = BudgetForm(request.POST or None)
    return web_form_page(
        request,
        form,
        lambda d: services.sixhaves_budget_set(
            assessment=s,
            budget=d["budget"],
            budget_note=d.get("budget_note") or "",
            actor=request.user,
            version=d.get("version"),
        ),
        template="practices/sixhaves_detail.html",
        context=lambda: _context(request, s),
        form_name="budget_form",
        done=_("已保存代表活动经费"),
        target=s,
    )


sixhaves_budget.model = SixHaves
sixhaves_budget.form_name = "budget_form"


@login_required
def sixhaves_item(request, pk):
    """One item's confirmation, note and file (POST with the item's key as the form prefix)."""
    s = queries.sixhaves_get_for(user=request.user, pk=pk)
    key = request.POST.get("item", "")
    prefix = key if key in SIX_HAVES else None
    form = ItemForm(request.POST or None, request.FILES or None, prefix=prefix)

    def context():
        ctx = _context(request, s)
        if prefix and "item_forms" in ctx:
            ctx["item_forms"][prefix] = form
        return ctx

    return web_form_page(
        request,
        form,
        lambda d: services.sixhaves_item_save(
            assessment=s,
            key=d["key"],
            confirmed=d.get("confirmed", False),
            note=d.get("note") or "",
            upload=d.get("file"),
            actor=request.user,
            version=d.get("version"),
        ),
        template="practices/sixhaves_detail.html",
        context=context,
        form_name="item_form",
        done=lambda i: _("已保存“%(item)s”") % {"item": i},
        target=s,
    )


sixhaves_item.model = SixHaves
sixhaves_item.form_name = "item_form"

sixhaves_submit = record_post(
    queries.sixhaves_get_for,
    SixHaves,
    run=lambda r, s, v: services.sixhaves_submit(assessment=s, actor=r.user, version=v),
    done=gettext_lazy("已报送六有自评"),
)
sixhaves_return = record_form(
    queries.sixhaves_get_for,
    SixHaves,
    "practices.return",
    form=lambda data, files, s: ReturnForm(data, initial={"version": s.version}),
    run=lambda r, s, d: services.sixhaves_return(
        assessment=s, reason=d["reason"], actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("退回六有自评"),
    done=gettext_lazy("已退回，请该镇（街道）修改后重新报送"),
)

urlpatterns = [
    path("six-haves/", sixhaves_list, name="sixhaves-list"),
    path("six-haves/open/", sixhaves_open, name="sixhaves-open"),
    path("six-haves/grid/", sixhaves_grid, name="sixhaves-grid"),
    path("six-haves/<int:pk>/", sixhaves_detail, name="sixhaves-detail"),
    path("six-haves/<int:pk>/budget/", sixhaves_budget, name="sixhaves-budget"),
    path("six-haves/<int:pk>/item/", sixhaves_item, name="sixhaves-item"),
    path("six-haves/<int:pk>/submit/", sixhaves_submit, name="sixhaves-submit"),
    path("six-haves/<int:pk>/return/", sixhaves_return, name="sixhaves-return"),
]
