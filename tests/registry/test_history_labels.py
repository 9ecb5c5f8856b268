"""A registry history speaks the reader's language: field labels, choice labels, 是/否, not `post: chair`."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from renda.registry import services


def _history(tw, language: str, url: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(tw.users["town_staff"])
    page = client.get(url).content.decode()
    return " | ".join(
        re.sub(r"\s+", " ", d).strip()
        for d in re.findall(r'<div class="history-data">(.*?)</div>', page, re.S)
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "职务: 主席 → 秘书 专职专岗: 是 → 否"),
        ("en", "Post: Chair → Secretary Full-time post: Yes → No"),
    ],
)
def test_a_presidium_member_change_shows_labels_not_codes(world, language, expected):
    tw = world.a
    member = tw.objects["registry.presidiummember"]
    with scopes_disabled():  # test set-up
        services.presidium_member_update(
            member=member, data={"full_time": True}, actor=tw.users["town_staff"]
        )
        services.presidium_member_update(
            member=member, data={"post": "secretary", "full_time": False}, actor=tw.users["town_staff"]
        )
    shown = _history(tw, language, f"/registry/presidium-members/{member.pk}/history/")
    assert shown.split(" | ")[0] == expected
    assert "full_time" not in shown
    assert "secretary" not in shown


def test_a_person_change_names_the_field_and_the_choice(world):
    tw = world.a
    person = tw.objects["registry.person"]
    with scopes_disabled():  # test set-up
        before = person.get_gender_display() or "—"
        services.person_update(
            person=person,
            data={"gender": "female" if person.gender != "female" else "male"},
            actor=tw.users["town_staff"],
        )
        person.refresh_from_db()
    shown = _history(tw, "zh-hans", f"/registry/persons/{person.pk}/history/")
    assert shown.split(" | ")[0] == f"性别: {before} → {person.get_gender_display()}"
