"""The start-up check warns when the server has no CJK font for the PDFs (issue 11)."""

from __future__ import annotations

import subprocess

from django.core import checks

from renda.core import checks as renda_checks


def _ours(messages):
    return [(m.id, m.level) for m in messages if m.id == "renda.W001"]


def test_no_cjk_font_is_a_warning(monkeypatch):
    monkeypatch.setattr(renda_checks, "cjk_fonts", lambda: [])
    assert renda_checks.cjk_font_check in checks.registry.registry.get_checks()  # runs with `renda check`
    messages = renda_checks.cjk_font_check()
    assert _ours(messages) == [("renda.W001", checks.WARNING)]
    [warning] = [m for m in messages if m.id == "renda.W001"]
    assert "fonts-noto-cjk" in warning.hint


def test_a_cjk_font_silences_it(monkeypatch):
    monkeypatch.setattr(renda_checks, "cjk_fonts", lambda: ["Noto Sans CJK SC"])
    assert _ours(renda_checks.cjk_font_check()) == []


def test_the_lookup_asks_fontconfig_for_chinese(monkeypatch):
    calls = []

    def fake_run(args, **kwargs):
        calls.append(args)
        return subprocess.CompletedProcess(
            args, 0, stdout="Noto Sans CJK SC,Noto Sans CJK SC Regular\n\n", stderr=""
        )

    monkeypatch.setattr(renda_checks.shutil, "which", lambda name: "/usr/bin/fc-list")
    monkeypatch.setattr(renda_checks.subprocess, "run", fake_run)
    assert renda_checks.cjk_fonts() == ["Noto Sans CJK SC,Noto Sans CJK SC Regular"]
    assert calls == [["/usr/bin/fc-list", ":lang=zh", "family"]]
    monkeypatch.setattr(renda_checks.shutil, "which", lambda name: None)
    assert renda_checks.cjk_fonts() == []
