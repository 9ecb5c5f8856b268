"""The generic pages of a registry resource: list, detail, history, create, edit, end."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from renda.core.access import town_choices_for
from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.exports import Column as CsvColumn
from renda.core.exports import csv_export
from renda.core.models import Town
from renda.core.web import web_step

from .. import queries
from .base import Resource, _page_size, field_label, resolve

# ------------------------------------------------------------------------------------------ pages


class ResourceView(LoginRequiredMixin, View):
    resource: Resource = None  # type: ignore[assignment]
    model = None  # for the isolation test: which model a `pk` in the URL refers to

    def ctx(self, **extra) -> dict:
        return {"resource": self.resource, **extra}


class ListView(ResourceView):
    def get(self, request):
        r = self.resource
        qs = r.visible_to(user=request.user)
        filters = r.filter_form_class(request.GET or None, user=request.user) if r.filter_form_class else None
        if filters is not None and filters.is_valid() and r.apply_filters:
            qs = r.apply_filters(qs, filters.cleaned_data)
        q = request.GET.get("q", "")
        qs = r.search(qs, q)
        # The download has every column the list has (the town's too); cells read as the page reads them.
        export = csv_export(
            request,
            qs,
            columns=[CsvColumn(c.label, lambda obj, attr=c.attr: resolve(obj, attr)) for c in r.columns],
            filename=r.key,
        )
        if export:
            return export
        page = Paginator(qs, _page_size()).get_page(request.GET.get("page"))
        # The town column only for those who see two or more towns (a district's staff).
        many_towns = len(town_choices_for(request.user)) > 1
        columns = [c for c in r.columns if many_towns or c.attr != "town"]
        # Each cell as (value, link): the template only prints them (no per-cell lookups or url tags).
        rows = []
        for obj in page.object_list:
            url = r.url("detail", obj)
            rows.append((obj, [(resolve(obj, c.attr), url if c.link else "") for c in columns]))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            r.templates.get("list", "registry/resource_list.html"),
            self.ctx(
                page=page, rows=rows, q=q, filters=filters, querystring=query.urlencode(), columns=columns,
                can_create=r.can_create(request.user),
            ),
        )  # fmt: skip


class DetailView(ResourceView):
    def get(self, request, pk):
        r = self.resource
        obj = r.get_for(user=request.user, pk=pk)
        fields = [(field_label(obj, f), resolve(obj, f)) for f in r.detail_fields]
        return render(
            request,
            r.templates.get("detail", "registry/resource_detail.html"),
            self.ctx(obj=obj, fields=fields, can_edit=r.can_edit(request.user, obj.town_id), tab="detail")
            | self.extra_context(obj),
        )

    def extra_context(self, obj) -> dict:
        return {}


class HistoryView(ResourceView):
    """The history tab: personal data masked; a POST (the explicit 显示完整信息 action) by someone allowed
    shows it in full and logs the look, as the record's own page does."""

    def get(self, request, pk):
        return self._render(request, self.resource.get_for(user=request.user, pk=pk), unmasked=False)

    def post(self, request, pk):
        r = self.resource
        obj = r.get_for(user=request.user, pk=pk)
        if r.may_unmask is None or not r.may_unmask(request.user, obj):
            raise PermissionDenied
        r.unmasked(obj=obj, actor=request.user)
        return self._render(request, obj, unmasked=True)

    def _render(self, request, obj, *, unmasked: bool):
        r = self.resource
        entries = [
            (
                e,
                activity_label(e.code),
                activity_details(type(obj), e.data if unmasked else r.mask_data(e.data)),
            )
            for e in activities_for(subject=obj)[:200]
        ]
        return render(
            request,
            "registry/resource_history.html",
            self.ctx(
                obj=obj,
                entries=entries,
                tab="history",
                can_edit=r.can_edit(request.user, obj.town_id),
                can_unmask=bool(r.masked)
                and not unmasked
                and r.may_unmask is not None
                and r.may_unmask(request.user, obj),
                unmasked=unmasked,
            ),
        )


class TownChoiceForm(forms.Form):
    town = forms.ModelChoiceField(queryset=queries.towns_with_ids([]), label=gettext_lazy("镇（街道）"))


class FormViewBase(ResourceView):
    def form(self, request, *, instance=None, town=None):
        r = self.resource
        kwargs = {"data": request.POST or None, "files": request.FILES or None, "instance": instance}
        form = r.form_class(**kwargs, town=town or getattr(instance, "town", None), user=request.user)
        if instance is not None and r.edit_fields is not None:
            for name in list(form.fields):
                if name not in r.edit_fields:
                    del form.fields[name]
        return form


class CreateView(FormViewBase):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.resource.creatable_towns(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _town(self, request) -> tuple[Town | None, forms.Form | None]:
        towns = self.resource.creatable_towns(request.user)
        if len(towns) == 1:
            return towns[0], None
        chooser = TownChoiceForm(request.POST or request.GET or None, prefix="t")
        chooser.fields["town"].queryset = queries.towns_with_ids(t.pk for t in towns)
        town = chooser.cleaned_data["town"] if chooser.is_bound and chooser.is_valid() else None
        return town, chooser

    def get(self, request):
        town, chooser = self._town(request)
        return self.render(request, self.form(request, town=town), chooser, town)

    def post(self, request):
        town, chooser = self._town(request)
        form = self.form(request, town=town)
        if town is not None and form.is_valid():
            r = self.resource
            done = web_step(
                request,
                lambda: r.create(town=town, data=form.cleaned_data, actor=request.user),
                done=lambda obj: (
                    _("已新建%(what)s：%(name)s") % {"what": r.model._meta.verbose_name, "name": obj}
                ),
                target=lambda obj: r.url("detail", obj),
                form=form,
            )
            if done is not None:
                return done
        return self.render(request, form, chooser, town)

    def render(self, request, form, chooser, town):
        return render(
            request,
            "registry/resource_form.html",
            self.ctx(form=form, chooser=chooser, town=town, mode="create"),
        )


class UpdateView(FormViewBase):
    def _obj(self, request, pk):
        obj = self.resource.get_for(user=request.user, pk=pk)
        if not self.resource.can_edit(request.user, obj.town_id):
            raise PermissionDenied
        return obj

    def get(self, request, pk):
        obj = self._obj(request, pk)
        return render(
            request,
            "registry/resource_form.html",
            self.ctx(form=self.form(request, instance=obj), obj=obj, mode="edit"),
        )

    def post(self, request, pk):
        obj = self._obj(request, pk)
        form = self.form(request, instance=obj)
        if form.is_valid():
            r = self.resource
            done = web_step(
                request,
                lambda: r.update(obj=obj, data=form.cleaned_data, actor=request.user),
                done=lambda updated: (
                    _("已修改%(what)s：%(name)s")
                    % {"what": r.model._meta.verbose_name, "name": updated or obj}
                ),
                target=lambda _value: r.url("detail", obj),
                form=form,
            )
            if done is not None:
                return done
        obj.refresh_from_db()
        return render(request, "registry/resource_form.html", self.ctx(form=form, obj=obj, mode="edit"))


class EndView(UpdateView):
    def get(self, request, pk):
        obj = self._obj(request, pk)
        return render(
            request, "registry/resource_end.html", self.ctx(form=self.resource.end_form_class(), obj=obj)
        )

    def post(self, request, pk):
        obj = self._obj(request, pk)
        form = self.resource.end_form_class(request.POST)
        if form.is_valid():
            r = self.resource
            done = web_step(
                request,
                lambda: r.end(obj=obj, actor=request.user, **form.cleaned_data),
                done=_("已终止"),
                target=lambda _value: r.url("detail", obj),
                form=form,
            )
            if done is not None:
                return done
        return render(request, "registry/resource_end.html", self.ctx(form=form, obj=obj))


def resource_urls(resource: Resource, detail_view: type[DetailView] | None = None) -> list:
    detail_view = detail_view or DetailView
    seg, key = resource.url_segment, resource.key

    def make(cls):
        return cls.as_view(resource=resource, model=resource.model)

    urls = [
        path(f"{seg}/", make(ListView), name=f"{key}-list"),
        path(f"{seg}/new/", make(CreateView), name=f"{key}-create"),
        path(f"{seg}/<int:pk>/", make(detail_view), name=f"{key}-detail"),
        path(f"{seg}/<int:pk>/edit/", make(UpdateView), name=f"{key}-update"),
        path(f"{seg}/<int:pk>/history/", make(HistoryView), name=f"{key}-history"),
    ]
    if resource.end is not None:
        urls.append(path(f"{seg}/<int:pk>/end/", make(EndView), name=f"{key}-end"))
    return urls
