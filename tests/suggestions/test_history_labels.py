"""A suggestion's history tab names its states in the reader's language, not `to: accepted`."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from renda.suggestions.models import State
from suggestions.helpers import drive, make_suggestion


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "原状态: {submitted}；新状态: {accepted}"),
        ("en", "From: Submitted, awaiting review；To: Accepted, awaiting assignment"),
    ],
)
def test_a_state_change_shows_the_state_labels(world, language, expected):
    tw = world.a
    s = make_suggestion(tw)
    drive(tw, s, "accepted")
    s.refresh_from_db()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(tw.users["town_staff"])
    page = client.get(f"/suggestions/{s.pk}/").content.decode()
    shown = [
        re.sub(r"\s+", " ", d) for d in re.findall(r'data-testid="history-details">(.*?)</span>', page, re.S)
    ]
    labels = {"submitted": str(State.SUBMITTED.label), "accepted": str(State.ACCEPTED.label)}
    assert shown[0] == expected.format(**labels)
    assert all("accepted" not in d and "from:" not in d for d in shown)
