"""Page forms bound every integer like the API does (`renda.core.types`): 2^63 or -1 is a form error with a
Chinese message, never a 500; a town's name goes through the same control-character check as town-owned
records."""

from __future__ import annotations

import importlib
import inspect

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from renda.core import services as core_services
from renda.core.models import ActivityLog, Town
from renda.core.types import COUNT_MAX

BIG = str(2**63)
FORM_MODULES = [
    "renda.congress.forms",
    "renda.suggestions.forms",
    "renda.receptions.forms",
    "renda.portal.forms",
    "renda.registry.views",
    "renda.registry.views_roster",
    "renda.core.notifications.forms",
    "renda.core.deadlines.forms",
    "renda.oversight.forms_rectification",
]


def _integer_fields():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == name
                and not issubclass(cls, forms.ModelForm)
            ):
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.IntegerField):
                        yield f"{name}.{cls.__name__}.{field_name}", field


@pytest.mark.parametrize(
    ("where", "field"), list(_integer_fields()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_plain_page_integer_field_is_bounded(where, field):
    assert field.min_value is not None and field.max_value is not None, where
    assert -COUNT_MAX <= field.min_value <= field.max_value <= COUNT_MAX, where
    for bad in (BIG, "-" + BIG):
        with pytest.raises(ValidationError):
            field.clean(bad)


@pytest.fixture
def world(shared_world, db):
    return shared_world


def test_out_of_range_numbers_on_pages_are_form_errors(client, world):
    town = world.a.town
    client.force_login(world.district_x_staff)
    for bad in (BIG, "-1"):
        page = client.post(f"/registry/towns/{town.pk}/edit/", {"population": bad})
        assert page.status_code == 200, (bad, page.status_code)
        assert page.context["form"].errors["population"]
        calendar = client.post("/calendar/", {"year": bad, "holidays": "2027-01-01", "workdays": ""})
        assert calendar.status_code == 200 and calendar.context["form"].errors["year"]
    with scopes_disabled():  # test reads
        assert Town.objects.get(pk=town.pk).population == town.population


def test_a_town_name_with_a_control_character_is_refused(world):
    town = world.a.town
    with scopes_disabled():
        with pytest.raises(ValidationError) as e:
            core_services.town_update(town=town, data={"name": "太平\x0b镇"}, actor=world.district_x_staff)
        assert "控制字符" in " ".join(e.value.message_dict["name"])
        town.refresh_from_db()
        assert "\x0b" not in town.name
        assert not ActivityLog.unscoped.filter(code="town.updated", object_id=str(town.pk)).exists()
