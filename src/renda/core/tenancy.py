"""The bases of town-owned models (DESIGN convention 3): a `town` foreign key and a scoped manager.

`TownScoped` is the narrow base core's own rows use (clocks, reminders, the inbox, the audit trail, the town
figures); `TownOwned` extends it for the apps' records with their timestamps and clean text input. Both are
abstract: moving a model onto them changes no table."""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .text import CleanInputMixin

__all__ = ["TownOwned", "TownScoped", "Unscoped"]


class TownScoped(models.Model):
    """A town foreign key (no reverse accessor on Town) and `objects` scoped on it. A model whose town differs
    (nullable, one-to-one, a reverse name) declares its own `town` field, and keeps the scoped manager."""

    town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, related_name="+", verbose_name=_("镇（街道）")
    )

    # django-scopes has no types: its manager is a Manager (of a queryset that refuses to run without a scope).
    objects = cast("models.Manager[Any]", ScopedManager(town="town"))

    class Meta:
        abstract = True


class Unscoped(models.Model):
    """A second manager, `unscoped`, for core rows read across towns outside a request (sweeps, delivery
    tasks) or after the caller's own access check. List it AFTER TownScoped in the bases: Django takes the
    default manager from the nearest base, so the scoped `objects` stays the default one."""

    unscoped = models.Manager()

    class Meta:
        abstract = True


class TownOwned(CleanInputMixin, TownScoped):
    """Every town-owned record of the apps: the town foreign key and scoped manager, timestamps; its text
    holds no control characters and its dates plausible years (renda.core.text)."""

    # Reachable from the town (town.village_set): the reverse name the apps' tables were built with.
    town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, related_name="%(class)s_set", verbose_name=_("镇（街道）")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


def form_choices(model: type[models.Model]) -> models.QuerySet:
    """The starting queryset of a form's related-record field: the plain base manager, because a form class is
    built at import, outside any town scope. Every form that uses it narrows the choices to one town in its
    `__init__` (TownBoundForm, `_limit_to_town`, the portal's town) before a row is read."""
    return model._base_manager.all()
