"""Practice pages: the library (every staff member of the district; filter by town and state), a new practice
(district staff), a practice's page with its towns, the adoption form and the steps, the diffusion chart, a town's
adoption with its files, a file's download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.access import grants_of
from renda.core.exports import Column, csv_export
from renda.core.mentions import practice_mentions
from renda.core.types import IdField, query_value
from renda.core.web import web_form_page

from .. import queries, services
from ..enums import PracticeState
from ..forms import (
    AdoptionEditForm,
    AdoptionForm,
    FileForm,
    PracticeEditForm,
    PracticeForm,
    SummaryForm,
    VersionForm,
)
from ..models import Adoption, EvidenceFile, Practice
from ._common import history, page_of, record_form, record_post


def _staff_only(request) -> None:
    if not queries.is_staff(request.user):
        raise PermissionDenied


# The list's columns as its CSV download (core.exports).
PRACTICE_COLUMNS = [
    Column(gettext_lazy("名称"), "name"),
    Column(gettext_lazy("试点镇（街道）"), "pilot_town.name"),
    Column(gettext_lazy("试点年份"), "pilot_year"),
    Column(gettext_lazy("状态"), "state"),
]


@login_required
def practice_list(request):
    _staff_only(request)
    state = request.GET.get("state", "")
    qs = queries.practices_filtered(
        user=request.user,
        state=state if state in PracticeState.values else "",
        town=query_value(request, "town", IdField()),
        q=(request.GET.get("q") or "")[:50],
    ).order_by("pilot_year", "id")
    if export := csv_export(request, qs, columns=PRACTICE_COLUMNS, filename="practices"):
        return export
    page, query = page_of(request, qs)
    return render(
        request,
        "practices/practice_list.html",
        {
            "page": page,
            "query": query,
            "states": PracticeState.choices,
            "can_create": bool(grants_of(request.user).district_ids),
        },
    )


@login_required
def practice_new(request):
    district = queries.district_of_staff(user=request.user)
    form = PracticeForm(request.POST or None, district=district)
    return web_form_page(
        request,
        form,
        lambda d: services.practice_create(district=district, data=dict(d), actor=request.user),
        template="practices/form.html",
        context={"title": _("新建工作经验做法")},
        done=lambda p: _("已新建“%(name)s”，试点镇（街道）的开展情况已登记") % {"name": p.name},
        target=lambda p: p,
    )


def _detail_context(request, practice: Practice) -> dict:
    towns = queries.adoption_towns_for(user=request.user, practice=practice)
    ctx = {
        "practice": practice,
        "can": queries.practice_actions_for(user=request.user, practice=practice),
        "district_staff": queries.user_is_district_staff_of(request.user, practice.district_id),
        "adoptions": queries.adoptions_of_practice(practice=practice),
        "mine": set(queries.staff_town_ids(request.user)),
        "history": history(practice),
        # The exchange meetings where it was presented (those the user may open; core.mentions).
        "mentions": practice_mentions(
            user=request.user, district_id=practice.district_id, name=practice.name
        ),
    }
    if towns:
        ctx["form"] = AdoptionForm(towns=towns)
    if ctx["can"]:
        ctx["version_form"] = VersionForm(initial={"version": practice.version})
    return ctx


@login_required
def practice_detail(request, pk):
    practice = queries.practice_get_for(user=request.user, pk=pk)
    return render(request, "practices/practice_detail.html", _detail_context(request, practice))


practice_detail.model = Practice


@login_required
def practice_adopt(request, pk):
    """A town's adoption (POST; GET shows the practice's page)."""
    practice = queries.practice_get_for(user=request.user, pk=pk)
    towns = queries.adoption_towns_for(user=request.user, practice=practice)
    if not towns and request.method == "POST":
        messages.error(request, _("没有可以登记开展情况的镇（街道）"))
        return redirect(practice)
    form = AdoptionForm(request.POST or None, request.FILES or None, towns=towns)
    return web_form_page(
        request,
        form,
        lambda d: services.adoption_record(
            practice=practice,
            town=d["town"],
            data={k: d.get(k) for k in ("adopted_on", "evidence", "lessons", "presented_at")},
            upload=d.get("file"),
            actor=request.user,
        ),
        template="practices/practice_detail.html",
        context=lambda: _detail_context(request, practice) | {"form": form},
        done=lambda a: _("已登记%(town)s开展情况") % {"town": a.town.name},
        target=lambda a: a,
    )


practice_adopt.model = Practice

practice_edit = record_form(
    queries.practice_get_for,
    Practice,
    "practices.manage",
    form=lambda data, files, p: PracticeEditForm(
        data,
        initial={
            "version": p.version,
            "name": p.name,
            "description": p.description,
            "presented_at": p.presented_at,
        },
    ),
    run=lambda r, p, d: services.practice_update(
        practice=p, data=dict(d), actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("修改工作经验做法"),
    done=lambda p: _("已修改“%(name)s”") % {"name": p.name},
)
practice_summarise = record_form(
    queries.practice_get_for,
    Practice,
    "practices.manage",
    form=lambda data, files, p: SummaryForm(data, initial={"version": p.version}),
    run=lambda r, p, d: services.practice_summarise(
        practice=p, summary=d["summary"], actor=r.user, version=d.get("version")
    ),
    title=gettext_lazy("总结经验"),
    done=gettext_lazy("已总结经验"),
)
practice_rollout = record_post(
    queries.practice_get_for,
    Practice,
    run=lambda r, p, v: services.practice_rollout(practice=p, actor=r.user, version=v),
    done=gettext_lazy("已在全区推广，各镇（街道）可登记开展情况"),
)


@login_required
def diffusion(request):
    """The diffusion chart: per practice, the towns running it by the end of each year (cumulative)."""
    _staff_only(request)
    d = queries.diffusion(user=request.user)
    data = {"years": d.years, "series": d.series, "towns": d.towns}
    return render(request, "practices/diffusion.html", {"diffusion": d, "chart_data": data})


# --- a town's adoption ------------------------------------------------------------------------------------------


def _adoption_context(request, a: Adoption) -> dict:
    from renda.core.permissions import allowed

    can = allowed(request.user, "practices.adopt", a)
    ctx = {"adoption": a, "files": list(a.files.all()), "can": can, "history": history(a)}
    if can:
        ctx["edit_form"] = AdoptionEditForm(
            initial={
                "version": a.version,
                "adopted_on": a.adopted_on,
                "evidence": a.evidence,
                "lessons": a.lessons,
                "presented_at": a.presented_at,
            }
        )
        ctx["file_form"] = FileForm()
    return ctx


@login_required
def adoption_detail(request, pk):
    a = queries.adoption_get_for(user=request.user, pk=pk)
    return render(request, "practices/adoption_detail.html", _adoption_context(request, a))


adoption_detail.model = Adoption


@login_required
def adoption_edit(request, pk):
    a = queries.adoption_get_for(user=request.user, pk=pk)
    form = AdoptionEditForm(request.POST or None)
    return web_form_page(
        request,
        form,
        lambda d: services.adoption_update(
            adoption=a,
            data={k: d.get(k) for k in ("adopted_on", "evidence", "lessons", "presented_at")},
            actor=request.user,
            version=d.get("version"),
        ),
        template="practices/adoption_detail.html",
        context=lambda: _adoption_context(request, a),
        form_name="edit_form",
        done=_("已修改开展情况"),
        target=a,
    )


adoption_edit.model = Adoption
adoption_edit.form_name = "edit_form"


@login_required
def adoption_file(request, pk):
    a = queries.adoption_get_for(user=request.user, pk=pk)
    form = FileForm(request.POST or None, request.FILES or None)
    return web_form_page(
        request,
        form,
        lambda d: services.adoption_file_add(adoption=a, upload=d["file"], actor=request.user),
        template="practices/adoption_detail.html",
        context=lambda: _adoption_context(request, a),
        form_name="file_form",
        done=_("已上传佐证材料"),
        target=a,
    )


adoption_file.model = Adoption
adoption_file.form_name = "file_form"


@login_required
def file_download(request, pk):
    f = queries.file_get_for(user=request.user, pk=pk)
    handle = queries.file_open(f)
    if handle is None:
        messages.error(request, _("文件已不存在，请联系管理员"))
        return redirect(queries.file_owner(f))
    return FileResponse(handle, as_attachment=True, filename=f.name, content_type=f.mime)


file_download.model = EvidenceFile

urlpatterns = [
    path("", practice_list, name="practice-list"),
    path("new/", practice_new, name="practice-new"),
    path("diffusion/", diffusion, name="diffusion"),
    path("<int:pk>/", practice_detail, name="practice-detail"),
    path("<int:pk>/edit/", practice_edit, name="practice-edit"),
    path("<int:pk>/adopt/", practice_adopt, name="practice-adopt"),
    path("<int:pk>/rollout/", practice_rollout, name="practice-rollout"),
    path("<int:pk>/summarise/", practice_summarise, name="practice-summarise"),
    path("adoptions/<int:pk>/", adoption_detail, name="adoption-detail"),
    path("adoptions/<int:pk>/edit/", adoption_edit, name="adoption-edit"),
    path("adoptions/<int:pk>/files/", adoption_file, name="adoption-file"),
    path("files/<int:pk>/", file_download, name="file"),
]
