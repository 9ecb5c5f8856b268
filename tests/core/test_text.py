"""core.text's model validation: a foreign key whose object was loaded is not looked up again; a bare or a
wrong id still is."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from renda.registry.models import ElectoralDistrict


def _district(world):
    with scopes_disabled():  # test set-up
        return ElectoralDistrict.objects.filter(town=world.a.town).select_related("town", "term").first()


def test_loaded_foreign_keys_are_not_queried_again(world):
    ed = _district(world)
    with scopes_disabled(), CaptureQueriesContext(connection) as ctx:
        ed.full_clean(validate_unique=False, validate_constraints=False)
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "core_town" not in tables and "registry_term" not in tables


def test_a_bare_id_is_still_checked(world):
    ed = _district(world)
    with scopes_disabled():
        fresh = ElectoralDistrict.objects.get(pk=ed.pk)  # town and term not loaded: ids only
        fresh.term_id = 10**9
        with pytest.raises(ValidationError) as exc:
            fresh.full_clean(validate_unique=False, validate_constraints=False)
    assert "term" in exc.value.message_dict


def test_an_object_with_another_id_is_checked(world):
    ed = _district(world)
    with scopes_disabled():
        ed.term_id = 10**9  # the loaded term no longer matches the id
        with pytest.raises(ValidationError) as exc:
            ed.full_clean(validate_unique=False, validate_constraints=False)
    assert "term" in exc.value.message_dict
