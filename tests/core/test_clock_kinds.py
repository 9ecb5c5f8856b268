"""Clock kinds are registered by the apps that own them (<app>/clocks.py in AppConfig.ready()); core lists none,
and a kind no installed app registers still runs, labelled with its code."""

from __future__ import annotations

import ast
from pathlib import Path

from renda.core.deadlines import rules
from renda.core.deadlines.rules import CLOCK_KINDS, clock_kind


def test_the_apps_register_their_kinds():
    assert {
        "suggestion.assign",
        "suggestion.return",
        "suggestion.co_opinion",
        "suggestion.reply",
        "suggestion.second_reply",
        "suggestion.contact",
        "suggestion.followup",
        "appeal.reply",
        "activity.notice",
    } <= set(CLOCK_KINDS)
    assert str(clock_kind("suggestion.reply").label) == "建议答复"
    assert clock_kind("suggestion.reply").due_field == "due_date"
    assert clock_kind("appeal.reply").due_field == "due_date"
    assert str(clock_kind("appeal.reply").start_label) == "登记日"


def test_kinds_of_apps_not_built_yet_run_under_their_code():
    assert "exchange.minutes" not in CLOCK_KINDS  # a kind no app registers (yet)
    assert clock_kind("exchange.minutes").label == "exchange.minutes"
    assert str(clock_kind("exchange.minutes").start_label) == "起算日"


def test_core_registers_no_kind_itself():
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "clock_kind_register"
    ]
    assert calls == []
