"""The defects issue #12 names, in the suggestions app, each with its test."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.errors import Conflict
from renda.core.web import error_text
from renda.suggestions import forms, queries, services
from renda.suggestions.models import FollowUp, State
from suggestions.helpers import drive, make_suggestion, pdf

APP = Path(services.__file__).resolve().parent.parent

# The outcome classes as named rows (dicts), with the default's meaning moved: A needs a planned date and
# is followed up, B is not.
NAMED_CLASSES = [
    {"code": "A", "label": "已解决或采纳", "needs_planned_date": True, "followed_up": True},
    {"code": "B", "label": "正在解决或列入计划", "needs_planned_date": False, "followed_up": False},
]


def test_outcome_classes_are_named_rows(settings):
    rows = services.outcome_class_rows()
    assert [(r.code, r.needs_planned_date, r.followed_up) for r in rows] == [
        ("A", False, False),
        ("B", True, True),
        ("C", False, True),
        ("D", False, False),
    ]
    settings.RENDA = settings.RENDA | {"SUGGESTION_OUTCOME_CLASSES": NAMED_CLASSES}
    assert services.outcome_classes() == [("A", "A 已解决或采纳"), ("B", "B 正在解决或列入计划")]


def test_the_reply_and_the_close_read_the_rows_by_name(world, settings):
    settings.RENDA = settings.RENDA | {"SUGGESTION_OUTCOME_CLASSES": NAMED_CLASSES}
    tw = world.a
    unit, clerk = tw.objects["registry.handlingunit"], tw.users["unit_clerk"]
    s = drive(tw, make_suggestion(tw), "assigned")
    with scopes_disabled():  # services called directly
        services.suggestion_contact_record(
            suggestion=s, unit=unit, date=timezone.localdate(), way="phone", summary="沟通", actor=clerk
        )
        with pytest.raises(ValidationError) as exc:  # A needs a planned date in this configuration
            services.suggestion_reply(
                suggestion=s, unit=unit, outcome_class="A", text="已办", letter=pdf(), actor=clerk
            )
        assert "planned_date" in exc.value.error_dict
    planned = timezone.localdate() + dt.timedelta(days=60)
    s = drive(
        tw, make_suggestion(tw, "关于乙的建议", "乙事项的内容。"), "closed", outcome="A", planned=planned
    )
    assert (s.state, s.followup, s.followup_date) == (State.CLOSED, FollowUp.OPEN, planned)


def test_dead_reads_are_gone():
    assert not hasattr(queries, "assignments_of_unit")
    assert not hasattr(queries, "published_replies")
    assert not hasattr(queries, "pending_extension")  # the decision service finds the pending request


def test_no_unused_parameters_left():
    assert "candidates" not in inspect.signature(forms.MergeForm.__init__).parameters


@pytest.mark.parametrize("module", ["views.py", "api.py", "forms.py", "queries.py", "reports.py"])
def test_pages_and_api_call_no_private_service_helper(module):
    tree = ast.parse((APP / module).read_text())
    private = [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "services"
        and node.attr.startswith("_")
    ]
    assert private == []


def test_a_stale_conflict_is_known_by_its_flag_not_its_words(world):
    """The page says "reload" for a stale version in any language; it searches no message for 刷新."""
    assert "刷新" not in (APP / "views.py").read_text()
    tw = world.a
    staff = tw.users["town_staff"]
    s = make_suggestion(tw)
    with scopes_disabled():  # services called directly
        read = s.version
        services.suggestion_review(suggestion=s, accept=True, actor=staff, version=read)
        with pytest.raises(Conflict) as exc:
            services.suggestion_review(suggestion=s, accept=True, actor=staff, version=read)
    assert exc.value.stale is True
    assert "刷新" in error_text(exc.value)
    # A conflict of state is said as it is.
    assert error_text(Conflict("已确认附议")) == "已确认附议"
