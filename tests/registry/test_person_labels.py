"""People of the same name told apart wherever they are chosen: the village and the levels of their serving
mandates after the name, in the reader's language, at a fixed number of queries however many there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.widgets import form_widgets_fit
from renda.registry import services as reg
from renda.registry.enums import Level
from renda.registry.models import Person
from renda.suggestions.forms import SuggestionForm
from tests.factories import make_id_number, make_phone


def _namesake(tw, village_name: str, *, district: bool, town: bool = True):
    """Another person of the first person's name, a town deputy in another village (and a district one)."""
    first = tw.objects["registry.person"]
    village = reg.village_create(
        town=tw.town, data={"code": tw.town.code[:9] + str(200 + len(village_name)), "name": village_name},
        actor=SYSTEM,
    )  # fmt: skip
    person = reg.person_create(
        town=tw.town,
        data={
            "name": first.name,
            "id_number": make_id_number(birth=f"19{80 + len(village_name)}0101"),
            "phone": make_phone(),
            "village": village,
        },
        actor=SYSTEM,
    )
    ed = tw.objects["registry.electoraldistrict"]
    if town:  # the electoral district has one seat left
        reg.mandate_create(
            town=tw.town,
            data={"person": person, "level": Level.TOWN, "electoral_district": ed, "start_date": dt.date(2022, 1, 1)},
            actor=SYSTEM,
        )  # fmt: skip
    if district:
        reg.mandate_create(
            town=tw.town,
            data={"person": person, "level": Level.DISTRICT, "term_label": "第十七届",
                  "start_date": dt.date(2022, 1, 1)},
            actor=SYSTEM,
        )  # fmt: skip
    return person


def _labels(form, name: str) -> dict[int, str]:
    return {int(str(value)): label for value, label in form.fields[name].choices if str(value)}


class _AnyPerson(forms.Form):
    """A form of another app choosing among all the town's people, styled by the shared helper."""

    person = forms.ModelChoiceField(queryset=Person.objects.none())

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(town=town)
        form_widgets_fit(self)


@pytest.mark.django_db
def test_namesakes_read_apart_in_the_choices(world):
    tw = world.a
    first = tw.objects["registry.person"]
    with scopes_disabled():  # test set-up and reads
        other = _namesake(tw, "二村", district=True)
        labels = _labels(SuggestionForm(town=tw.town), "lead")
        with translation.override("en"):
            english = _labels(SuggestionForm(town=tw.town), "lead")
    assert labels[first.pk] == f"{first.name}（{tw.town.name}一村，镇级代表）"
    assert labels[other.pk] == f"{first.name}（二村，镇级代表、区级代表）"
    assert english[other.pk] == f"{first.name} (二村, Town deputy、District deputy)"
    assert str(first) == first.name  # everywhere else a person is still just the name


@pytest.mark.django_db
def test_the_labels_cost_the_same_queries_for_more_people(world):
    tw = world.a
    with scopes_disabled():  # test set-up and reads
        _namesake(tw, "二村", district=False)
        with CaptureQueriesContext(connection) as few:
            _labels(_AnyPerson(town=tw.town), "person")
        _namesake(tw, "三村组", district=True, town=False)
        _namesake(tw, "四村四组", district=True, town=False)
        with CaptureQueriesContext(connection) as more:
            labels = _labels(_AnyPerson(town=tw.town), "person")
        assert Person.objects.filter(town=tw.town).count() >= 4
    assert len(labels) >= 4
    assert len(more) == len(few)
    assert sum("区级代表" in label for label in labels.values()) == 2
