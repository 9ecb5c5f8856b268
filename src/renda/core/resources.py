"""One description per registry-like aggregate drives its pages and its API: list with filters, Chinese
search and pagination, detail, create, edit, end, and the history tab. Business rules stay in the
services the resource names; this module only parses input, calls one service and renders."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pydantic
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_scopes import scopes_disabled
from ninja import Router

from .access import grants_of, user_is_staff_for
from .audit import activities_for, activity_label
from .models import Town
from .types import Id, PageNumber, bounded_int


class EndForm(forms.Form):
    end_date = forms.DateField(label=gettext_lazy("终止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=200)


@dataclass
class Column:
    attr: str  # dotted attribute path, or a callable name on the resource
    label: Any
    link: bool = False


@dataclass
class Resource:
    """Everything the generic pages and API need to know about one aggregate."""

    key: str  # url segment and name stem, e.g. "person"
    model: type[models.Model]
    label: Any  # plural, for headings
    visible_to: Callable[..., models.QuerySet]  # (*, user) -> queryset, already scoped and role-filtered
    columns: list[Column]
    search_fields: list[str]
    form_class: type[forms.ModelForm]
    create: Callable[..., models.Model]  # (*, town, data, actor)
    update: Callable[..., models.Model]  # (*, obj, data, actor)
    detail_fields: list[str]
    end: Callable[..., models.Model] | None = None  # (*, obj, end_date, reason, actor, **extra)
    end_form_class: type[forms.Form] = EndForm
    filter_form_class: type[forms.Form] | None = None
    apply_filters: Callable[[models.QuerySet, dict], models.QuerySet] | None = None
    is_ended: Callable[[Any], bool] = lambda obj: False
    town_filter: Callable[[Town], bool] | None = None  # which towns this record can be created in (None: any)
    edit_fields: list[str] | None = None  # fields the edit form shows (default: all of the form's)
    url_segment: str = ""
    templates: dict[str, str] = field(default_factory=dict)
    serialize_extra: Callable[[Any, Any], dict] | None = None  # (obj, user) -> extra/overriding API fields
    # Personal data: field -> mask function. The history (page and API) shows these values masked, like every
    # other view; `may_unmask(user, obj)` may ask for them in full, and `unmasked(obj=, actor=)` logs that.
    masked: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    may_unmask: Callable[[Any, Any], bool] | None = None
    unmasked: Callable[..., None] | None = None

    def mask_data(self, data: Any) -> Any:
        """An audit row's data with the personal fields masked: {field: value} or {field: [old, new]}."""
        if not self.masked or not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            mask = self.masked.get(key)
            if mask is None:
                out[key] = value
            elif isinstance(value, list):
                out[key] = [mask(v) for v in value]
            else:
                out[key] = mask(value)
        return out

    def __post_init__(self):
        self.url_segment = self.url_segment or f"{self.key}s"

    # --- access ---
    def get_for(self, *, user, pk) -> models.Model:
        """404 for both absent and not yours."""
        try:
            return self.visible_to(user=user).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def can_edit(self, user, town_id: int) -> bool:
        return user_is_staff_for(user, town_id)

    def creatable_towns(self, user) -> list[Town]:
        ids = grants_of(user).visible_town_ids
        towns = Town.objects.filter(pk__in=ids).order_by("code")
        return [
            t
            for t in towns
            if self.can_edit(user, t.pk) and (self.town_filter is None or self.town_filter(t))
        ]

    def can_create(self, user) -> bool:
        """Whether the user may create a record in some town: from the grants alone (no query) unless the
        resource only fits some towns."""
        if self.town_filter is None:
            return any(self.can_edit(user, t) for t in grants_of(user).visible_town_ids)
        return bool(self.creatable_towns(user))

    # --- reads ---
    def search(self, qs: models.QuerySet, q: str) -> models.QuerySet:
        q = (q or "").strip()
        if not q:
            return qs
        cond = Q()
        for name in self.search_fields:
            cond |= Q(**{f"{name}__icontains": q})
        return qs.filter(cond)

    def url(self, action: str, obj=None) -> str:
        name = f"registry:{self.key}-{action}"
        return reverse(name, kwargs={"pk": obj.pk}) if obj is not None else reverse(name)


def field_label(obj: models.Model, name: str) -> str:
    field = obj._meta.get_field(name.split(".")[0])
    if hasattr(field, "verbose_name"):
        return field.verbose_name
    return field.related_model._meta.verbose_name_plural  # a reverse relation: name it by what it lists


def resolve(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if obj is None:
            return None
        display = getattr(obj, f"get_{part}_display", None)
        obj = display() if callable(display) else getattr(obj, part)
        if callable(obj) and not isinstance(obj, models.Manager):
            obj = obj()
    if isinstance(obj, models.Manager):
        return "、".join(str(o) for o in obj.all())
    if isinstance(obj, bool):
        return _("是") if obj else _("否")
    return obj


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
        page = Paginator(qs, _page_size()).get_page(request.GET.get("page"))
        # Each cell as (value, link): the template only prints them (no per-cell lookups or url tags).
        rows = []
        for obj in page.object_list:
            url = r.url("detail", obj)
            rows.append((obj, [(resolve(obj, c.attr), url if c.link else "") for c in r.columns]))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            r.templates.get("list", "core/resource_list.html"),
            self.ctx(
                page=page, rows=rows, q=q, filters=filters, querystring=query.urlencode(),
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
            r.templates.get("detail", "core/resource_detail.html"),
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
            (e, activity_label(e.code), e.data if unmasked else r.mask_data(e.data))
            for e in activities_for(subject=obj)[:200]
        ]
        return render(
            request,
            "core/resource_history.html",
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


def _page_size() -> int:
    from django.conf import settings

    return settings.RENDA["PAGE_SIZE"]


class TownChoiceForm(forms.Form):
    town = forms.ModelChoiceField(queryset=Town.objects.none(), label=gettext_lazy("镇（街道）"))


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

    def show_errors(self, form, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errs in exc.error_dict.items():
                for e in errs:
                    form.add_error(name if name in form.fields else None, e)
        else:
            for m in exc.messages:
                form.add_error(None, m)


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
        chooser.fields["town"].queryset = Town.objects.filter(pk__in=[t.pk for t in towns])
        town = chooser.cleaned_data["town"] if chooser.is_bound and chooser.is_valid() else None
        return town, chooser

    def get(self, request):
        town, chooser = self._town(request)
        return self.render(request, self.form(request, town=town), chooser, town)

    def post(self, request):
        town, chooser = self._town(request)
        form = self.form(request, town=town)
        if town is not None and form.is_valid():
            try:
                obj = self.resource.create(town=town, data=form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                self.show_errors(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect(self.resource.url("detail", obj))
        return self.render(request, form, chooser, town)

    def render(self, request, form, chooser, town):
        return render(
            request, "core/resource_form.html", self.ctx(form=form, chooser=chooser, town=town, mode="create")
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
            "core/resource_form.html",
            self.ctx(form=self.form(request, instance=obj), obj=obj, mode="edit"),
        )

    def post(self, request, pk):
        obj = self._obj(request, pk)
        form = self.form(request, instance=obj)
        if form.is_valid():
            try:
                self.resource.update(obj=obj, data=form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                self.show_errors(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect(self.resource.url("detail", obj))
        obj.refresh_from_db()
        return render(request, "core/resource_form.html", self.ctx(form=form, obj=obj, mode="edit"))


class EndView(UpdateView):
    def get(self, request, pk):
        obj = self._obj(request, pk)
        return render(
            request, "core/resource_end.html", self.ctx(form=self.resource.end_form_class(), obj=obj)
        )

    def post(self, request, pk):
        obj = self._obj(request, pk)
        form = self.resource.end_form_class(request.POST)
        if form.is_valid():
            try:
                self.resource.end(obj=obj, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                self.show_errors(form, exc)
            else:
                messages.success(request, _("已终止"))
                return redirect(self.resource.url("detail", obj))
        return render(request, "core/resource_end.html", self.ctx(form=form, obj=obj))


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


# -------------------------------------------------------------------------------------------- API


def _pyd_type(f: forms.Field) -> Any:
    if isinstance(f, forms.ModelMultipleChoiceField):
        return list[Id]
    if isinstance(f, forms.ModelChoiceField):
        return Id | None
    if isinstance(f, forms.BooleanField):
        return bool
    if isinstance(f, forms.DateField):
        return dt.date | None
    if isinstance(f, forms.IntegerField):
        return bounded_int(f) | None
    return str


def input_schema(
    resource: Resource, *, partial: bool, fields: list[str] | None = None
) -> type[pydantic.BaseModel]:
    with scopes_disabled():  # tenant-free introspection of the form's fields at import; no rows are read
        form = resource.form_class(town=None, user=None)
    spec: dict[str, Any] = {}
    for name, f in form.fields.items():
        if fields is not None and name not in fields:
            continue
        typ = _pyd_type(f)
        required = f.required and not partial and not isinstance(f, forms.BooleanField)
        default = ... if required else (None if typ is not list[Id] else pydantic.Field(default=None))
        spec[name] = (typ if required else typ | None, default)
    if not partial:
        spec["town"] = (Id | None, None)
    suffix = "Patch" if partial else "In"
    return pydantic.create_model(f"{resource.model.__name__}{suffix}", **spec)


class EndIn(pydantic.BaseModel):
    end_date: dt.date
    reason: str
    status: str | None = None


class HistoryOut(pydantic.BaseModel):
    code: str
    label: str
    actor: str | None
    created_at: dt.datetime
    data: dict


def form_error(form: forms.Form) -> ValidationError:
    """A form's errors as one ValidationError, each message prefixed with its field's label."""
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        out += [f"{label}：{e}" if label else str(e) for e in errors]
    return ValidationError(out)


def _form_data(resource: Resource, form_cls, values: dict) -> dict:
    data = {}
    for k, v in values.items():
        if v is None:
            continue
        if isinstance(v, bool) and not v:
            continue
        data[k] = v
    return data


def resource_router(resource: Resource, out_schema: type, *, serialize: Callable[[Any, Any], dict]) -> Router:
    """CRUD operations for one resource. Every operation with {pk} declares the model it refers to."""
    router = Router(tags=[resource.key])
    model_label = f"{resource.model._meta.app_label}.{resource.model._meta.model_name}"
    extra = {"x-renda-model": model_label}
    create_in = input_schema(resource, partial=False)
    patch_in = input_schema(resource, partial=True, fields=resource.edit_fields)
    seg = resource.url_segment

    Page = pydantic.create_model(  # noqa: N806
        f"{resource.model.__name__}Page", count=(int, ...), page=(int, ...), items=(list[out_schema], ...)
    )

    @router.get(f"/{seg}", response=Page, operation_id=f"{resource.key}_list", summary=f"{resource.key} list")
    def list_items(request, q: str = "", page: PageNumber = 1):
        r = resource
        qs = r.visible_to(user=request.user)
        if r.filter_form_class:
            filters = r.filter_form_class(request.GET, user=request.user)
            if filters.is_valid() and r.apply_filters:
                qs = r.apply_filters(qs, filters.cleaned_data)
        pg = Paginator(r.search(qs, q), _page_size()).get_page(page)
        return {
            "count": pg.paginator.count,
            "page": pg.number,
            "items": [serialize(o, request.user) for o in pg],
        }

    @router.get(
        f"/{seg}/{{pk}}", response=out_schema, operation_id=f"{resource.key}_get", openapi_extra=extra
    )
    def get_item(request, pk: Id):
        return serialize(resource.get_for(user=request.user, pk=pk), request.user)

    @router.post(f"/{seg}", response={201: out_schema}, operation_id=f"{resource.key}_create")
    def create_item(request, payload: create_in):  # type: ignore[valid-type]
        values = payload.model_dump(exclude_unset=True)
        town_id = values.pop("town", None)
        towns = resource.creatable_towns(request.user)
        if not towns:
            raise PermissionDenied
        if town_id is None and len(towns) == 1:
            town = towns[0]
        else:
            town = next((t for t in towns if t.pk == town_id), None)
            if town is None:
                raise ValidationError({"town": _("请选择可操作的镇（街道）")})
        form = resource.form_class(
            data=_form_data(resource, resource.form_class, values), town=town, user=request.user
        )
        if not form.is_valid():
            raise form_error(form)
        obj = resource.create(town=town, data=form.cleaned_data, actor=request.user)
        return 201, serialize(obj, request.user)

    @router.patch(
        f"/{seg}/{{pk}}", response=out_schema, operation_id=f"{resource.key}_update", openapi_extra=extra
    )
    def update_item(request, pk: Id, payload: patch_in):  # type: ignore[valid-type]
        obj = resource.get_for(user=request.user, pk=pk)
        if not resource.can_edit(request.user, obj.town_id):
            raise PermissionDenied
        current = forms.models.model_to_dict(obj, fields=resource.edit_fields or None)
        current = {k: ([o.pk for o in v] if isinstance(v, list) else v) for k, v in current.items()}
        values = current | payload.model_dump(exclude_unset=True)
        form = resource.form_class(
            data=_form_data(resource, resource.form_class, values),
            instance=obj,
            town=obj.town,
            user=request.user,
        )
        if resource.edit_fields is not None:
            for name in list(form.fields):
                if name not in resource.edit_fields:
                    del form.fields[name]
        if not form.is_valid():
            raise form_error(form)
        obj = resource.update(obj=obj, data=form.cleaned_data, actor=request.user)
        return serialize(obj, request.user)

    if resource.end is not None:

        @router.post(
            f"/{seg}/{{pk}}/end", response=out_schema, operation_id=f"{resource.key}_end", openapi_extra=extra
        )
        def end_item(request, pk: Id, payload: EndIn):
            obj = resource.get_for(user=request.user, pk=pk)
            if not resource.can_edit(request.user, obj.town_id):
                raise PermissionDenied
            form = resource.end_form_class(payload.model_dump(exclude_none=True))
            if not form.is_valid():
                raise form_error(form)
            obj = resource.end(obj=obj, actor=request.user, **form.cleaned_data)
            return serialize(obj, request.user)

    @router.get(
        f"/{seg}/{{pk}}/history",
        response=list[HistoryOut],
        operation_id=f"{resource.key}_history",
        openapi_extra=extra,
    )
    def history(request, pk: Id):
        obj = resource.get_for(user=request.user, pk=pk)
        return [
            {"code": e.code, "label": activity_label(e.code), "actor": str(e.actor) if e.actor else None,
             "created_at": e.created_at, "data": resource.mask_data(e.data)}
            for e in activities_for(subject=obj)[:200]
        ]  # fmt: skip

    return router
