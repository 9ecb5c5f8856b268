"""The generic API operations of a registry resource: list (limit/offset with count), get, create, patch,
end and history."""

import datetime as dt
from typing import Any, Literal

import pydantic
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled
from ninja import Router

from renda.core.api_parts import HistoryOut, pick
from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.types import Id, Limit, Offset, bounded_int

from ..queries import towns_with_ids
from ..schemas import EndIn, page_schema
from .base import Resource, _page_size

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
    if isinstance(f, forms.ChoiceField):
        values = tuple(v for v, _label in f.choices if v != "")
        if values and all(isinstance(v, str) for v in values):
            return Literal[values]  # an enum in the OpenAPI
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


def form_error(form: forms.Form) -> ValidationError:
    """A form's errors as one ValidationError, each message prefixed with its field's label."""
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        out += [f"{label}：{e}" if label else str(e) for e in errors]
    return ValidationError(out)


def _form_data(values: dict) -> dict:
    data = {}
    for k, v in values.items():
        if v is None:
            continue
        if isinstance(v, bool) and not v:
            continue
        data[k] = v
    return data


def resource_router(resource: Resource, out_schema: type) -> Router:
    """CRUD operations for one resource. Every operation with {pk} declares the model it refers to."""
    router = Router(tags=[resource.key])
    model_label = f"{resource.model._meta.app_label}.{resource.model._meta.model_name}"
    extra = {"x-renda-model": model_label}
    create_in = input_schema(resource, partial=False)
    patch_in = input_schema(resource, partial=True, fields=resource.edit_fields)
    seg = resource.url_segment

    Page = page_schema(resource.model, out_schema)  # noqa: N806

    @router.get(f"/{seg}", response=Page, operation_id=f"{resource.key}_list", summary=f"{resource.key} list")
    def list_items(request, q: str = "", limit: Limit | None = None, offset: Offset = 0):
        """The records the user may see, filtered and searched; `limit` rows (default: a page) from `offset`."""
        r = resource
        qs = r.visible_to(user=request.user)
        if r.filter_form_class:
            filters = r.filter_form_class(request.GET, user=request.user)
            if filters.is_valid() and r.apply_filters:
                qs = r.apply_filters(qs, filters.cleaned_data)
        qs = r.search(qs, q)
        limit = limit or _page_size()
        return {"count": qs.count(), "items": list(qs[offset : offset + limit])}

    @router.get(
        f"/{seg}/{{pk}}", response=out_schema, operation_id=f"{resource.key}_get", openapi_extra=extra
    )
    def get_item(request, pk: Id):
        return resource.get_for(user=request.user, pk=pk)

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
            message = _("请选择可操作的镇（街道）")
            town = pick(towns_with_ids(t.pk for t in towns), town_id, field="town", message=message)
            if town is None:
                raise ValidationError({"town": message})
        form = resource.form_class(data=_form_data(values), town=town, user=request.user)
        if not form.is_valid():
            raise form_error(form)
        obj = resource.create(town=town, data=form.cleaned_data, actor=request.user)
        return 201, obj

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
            data=_form_data(values),
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
        return resource.update(obj=obj, data=form.cleaned_data, actor=request.user)

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
            return resource.end(obj=obj, actor=request.user, **form.cleaned_data)

    def history_data(obj, *, unmasked: bool) -> list[dict]:
        rows = []
        for e in activities_for(subject=obj)[:200]:
            data = e.data if unmasked else resource.mask_data(e.data)
            details = [{"label": k, "value": v} for k, v in activity_details(type(obj), data)]
            rows.append(
                {"code": e.code, "label": activity_label(e.code), "actor": str(e.actor) if e.actor else None,
                 "created_at": e.created_at, "data": data, "details": details}
            )  # fmt: skip
        return rows

    @router.get(
        f"/{seg}/{{pk}}/history",
        response=list[HistoryOut],
        operation_id=f"{resource.key}_history",
        openapi_extra=extra,
    )
    def history(request, pk: Id):
        return history_data(resource.get_for(user=request.user, pk=pk), unmasked=False)

    if resource.masked and resource.unmasked is not None:

        @router.post(
            f"/{seg}/{{pk}}/history/pii",
            response=list[HistoryOut],
            operation_id=f"{resource.key}_history_pii",
            openapi_extra=extra,
        )
        def history_pii(request, pk: Id):
            """The history with personal data in full, for those who may see it; every call is logged (the
            same audit row as the history page's 显示完整信息)."""
            obj = resource.get_for(user=request.user, pk=pk)
            if resource.may_unmask is None or not resource.may_unmask(request.user, obj):
                raise PermissionDenied
            resource.unmasked(obj=obj, actor=request.user)
            return history_data(obj, unmasked=True)

    return router
