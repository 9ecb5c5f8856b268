"""Chinese is the source language; every catalogue shipped for English is complete and compiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

SRC = Path(__file__).resolve().parent.parent / "src" / "renda"
CATALOGUES = sorted(SRC.rglob("locale/en/LC_MESSAGES/django.po"))


def _entries(text: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) of every live entry; the header (empty msgid) and obsolete entries are left out."""
    out = []
    for block in text.split("\n\n"):
        lines = [ln for ln in block.strip().splitlines() if not ln.startswith("#~")]
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        fields: dict[str, str] = {}
        key = None
        for ln in lines:
            if ln.startswith("#"):
                continue
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', ln)
            if m:
                key = m.group(1)
                fields[key] = m.group(2)
            elif ln.startswith('"') and key:
                fields[key] += ln[1:-1]
        if fields.get("msgid"):
            out.append((fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], fuzzy))
    return out


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_english_catalogue_is_complete(po):
    missing = [
        msgid
        for msgid, msgstrs, fuzzy in _entries(po.read_text(encoding="utf-8"))
        if fuzzy or not all(msgstrs)
    ]
    assert missing == [], f"{po}: {len(missing)} entries without an English translation"


def test_interface_switches_to_english(client, world):
    client.force_login(world.a.users["town_staff"])
    assert "人员" in client.get("/registry/persons/").content.decode()
    with translation.override("en"):
        response = client.get("/registry/persons/", HTTP_ACCEPT_LANGUAGE="en")
    assert "人员" not in response.content.decode().split("<main", 1)[1].split("</main>")[0].replace(
        world.a.objects["registry.person"].name, ""
    )
