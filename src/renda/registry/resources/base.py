"""One description per registry aggregate drives its pages and its API: list with filters, Chinese
search and pagination, detail, create, edit, end, and the history tab. Business rules stay in the
services the resource names (each checks its own permission); the pages and API only parse input, call
one service and render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.access import grants_of, user_is_staff_for
from renda.core.labels import choice_label
from renda.core.models import Town

from ..queries import towns_with_ids


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
        towns = towns_with_ids(ids)
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
        label = choice_label(obj, part) if isinstance(obj, models.Model) else None
        obj = label if label is not None else getattr(obj, part)
        if callable(obj) and not isinstance(obj, models.Manager):
            obj = obj()
    if isinstance(obj, models.Manager):
        return "、".join(str(o) for o in obj.all())
    if isinstance(obj, bool):
        return _("是") if obj else _("否")
    return obj


def _page_size() -> int:
    from django.conf import settings

    return settings.RENDA["PAGE_SIZE"]
