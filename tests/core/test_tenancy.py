"""The town-owned bases (core/tenancy.py): every town-owned model is scoped by default, core's rows keep
their second, unscoped manager, and no model lost or changed its town field by moving onto a base."""

from __future__ import annotations

import pytest
from django.apps import apps
from django_scopes import ScopeError

from renda.core.tenancy import TownOwned, TownScoped

TOWN_OWNED = [m for m in apps.get_models() if issubclass(m, TownScoped)]
CORE = {"ActivityLog", "Clock", "ReminderLog", "Notification", "TownFigures"}
# App models on TownScoped with a town of their own (nullable: a district-level row), read through `unscoped`
# after their own access check, like core's: the year-end pack (a district's pack has no town).
DISTRICT_LEVEL = {"YearPack"}


def test_core_and_app_models_are_on_the_bases():
    names = {m.__name__ for m in TOWN_OWNED}
    assert names >= CORE
    assert {"Village", "Person", "HandlingUnit", "Suggestion", "Appeal", "Session"} <= names
    assert {m.__name__ for m in TOWN_OWNED if m._meta.app_label == "core"} == CORE
    assert all(
        issubclass(m, TownOwned)
        for m in TOWN_OWNED
        if m._meta.app_label != "core" and m.__name__ not in DISTRICT_LEVEL
    )
    assert all(m._meta.get_field("town").null for m in TOWN_OWNED if m.__name__ in DISTRICT_LEVEL)


@pytest.mark.parametrize("model", TOWN_OWNED, ids=lambda m: m.__name__)
def test_the_default_manager_is_the_scoped_one(model):
    assert model._default_manager.name == "objects"
    with pytest.raises(ScopeError):  # no scope is active here
        model.objects.all()


@pytest.mark.parametrize("model", [m for m in TOWN_OWNED if m.__name__ in CORE], ids=lambda m: m.__name__)
def test_core_rows_keep_their_unscoped_manager(model):
    assert [m.name for m in model._meta.managers] == ["objects", "unscoped"]
    assert model.unscoped.all().query.where.children == []  # no scope needed, no town filter


def test_the_town_fields_are_the_ones_the_tables_were_built_with():
    town = {m.__name__: m._meta.get_field("town") for m in TOWN_OWNED}
    assert town["ActivityLog"].null is True
    assert town["Clock"].remote_field.related_name == "clocks"
    assert town["TownFigures"].one_to_one is True
    assert town["Notification"].remote_field.related_name == "+"
    assert town["Village"].remote_field.related_name == "village_set"
