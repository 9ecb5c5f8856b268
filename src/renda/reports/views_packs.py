"""The year-end packs (年度工作统计): the list of packs built with who asked for each and when, the form that asks
for one (a town's or the district's, a year), each pack's row (polled while it is built: a progress bar shows
when the build takes longer than a second) and its files, served after the access check."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.exports import Column, csv_export
from renda.core.models import District, Town
from renda.core.paging import KeyPaginator

from . import documents, queries, services
from .models import YearPack

DISTRICT = "district"
MIMES = {"docx": documents.DOCX, "xlsx": documents.XLSX, "pdf": documents.PDF}


class PackForm(forms.Form):
    where = forms.ChoiceField(label=gettext_lazy("范围"))
    year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int)

    def __init__(self, *args, towns, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["where"].choices = [
            *((f"{DISTRICT}-{d.pk}", _("%(d)s（全区）") % {"d": d.name}) for d in districts),
            *((str(t.pk), t.name) for t in towns),
        ]
        self.fields["year"].choices = [(y, y) for y in queries.dashboard_years()]
        self.fields["year"].initial = timezone.localdate().year


def _choices(user) -> tuple[list[Town], list[District]]:
    towns = queries.dashboard_towns(user=user)
    districts = queries.pack_district_list(user)
    return towns, districts


# The list's columns as its CSV download (core.exports).
PACK_COLUMNS = [
    Column(gettext_lazy("统计"), str),
    Column(gettext_lazy("年度"), "year"),
    Column(gettext_lazy("状态"), "state"),
    Column(gettext_lazy("生成人"), "created_by"),
    Column(gettext_lazy("申请时间"), "created_at"),
    Column(gettext_lazy("完成时间"), "finished_at"),
]


@login_required
def pack_list(request):
    towns, districts = _choices(request.user)
    if not towns and not districts:
        raise PermissionDenied
    form = PackForm(request.POST or None, towns=towns, districts=districts)
    if request.method == "POST" and form.is_valid():
        where, year = form.cleaned_data["where"], form.cleaned_data["year"]
        if where.startswith(DISTRICT):
            district = next(d for d in districts if f"{DISTRICT}-{d.pk}" == where)
            town = None
        else:
            town = next(t for t in towns if str(t.pk) == where)
            district = town.district
        try:
            services.year_pack_request(district=district, town=town, year=year, actor=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("已开始生成年度工作统计，完成后可在下方下载"))
            return redirect("reports:pack-list")
    qs = queries.packs_visible_to(user=request.user)
    if export := csv_export(request, qs, columns=PACK_COLUMNS, filename="year-packs"):
        return export
    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(request, "reports/pack_list.html", {"page": page, "form": form})


@login_required
def pack_row(request, pk: int):
    """One pack's row (the list polls it while the pack is being built)."""
    pack = queries.pack_get_for(user=request.user, pk=pk)
    return render(request, "reports/_pack_row.html", {"p": pack, "polled": True})


pack_row.model = YearPack


@login_required
def pack_download(request, pk: int, kind: str):
    pack = queries.pack_get_for(user=request.user, pk=pk)
    if kind not in MIMES:
        raise Http404
    f = getattr(pack, kind)
    if not f:  # not built (yet, or the build failed): the list shows its state
        messages.error(request, _("该文件尚未生成"))
        return redirect("reports:pack-list")
    try:
        handle = f.open("rb")
    except FileNotFoundError:  # removed from the disk since it was built: say so, the pack can be built again
        messages.error(request, _("该文件已不存在，请重新生成年度统计"))
        return redirect("reports:pack-list")
    return FileResponse(handle, as_attachment=True, filename=f"{pack}.{kind}", content_type=MIMES[kind])


pack_download.model = YearPack
