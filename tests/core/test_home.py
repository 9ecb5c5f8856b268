"""The deputy's start page: what waits for them, each a count with a link to its list, from every module's
registered source (core.waiting), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from helpers import at
from renda.congress import services as cs
from renda.congress.enums import SessionKind
from renda.core.actors import SYSTEM
from renda.receptions import services as rs
from renda.suggestions import services as ss
from renda.suggestions.models import Suggestion
from suggestions.helpers import drive, make_suggestion, second_deputy

CODES = [
    "suggestions.cosign",
    "suggestions.feedback",
    "congress.sessions",
    "congress.motions",
    "receptions.duty",
    "oversight.invitations",
]


def _home(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    # The nav is rendered (and memoised) before the page on a cold cache: look for the page among the templates.
    assert "core/home.html" in [t.name for t in response.templates]
    return len(ctx.captured_queries), {w.code: w for w in response.context["waiting"]}, response


def _busy(tw, lead_user, co_person):
    """One item of each kind for the town's deputy (the world's person) and its second deputy."""
    person = tw.objects["registry.person"]
    with scopes_disabled():  # test set-up
        # The world's deputy asks the second deputy to co-sign: the second deputy has a request to confirm.
        ss.suggestion_create(
            town=tw.town,
            data={"title": "关于增设路灯的建议", "content": "村道夜间无照明。", "channel": "recess"},
            signers=[person, co_person],
            actor=lead_user,
        )
        cs.session_create(
            town=tw.town,
            data={"term": tw.objects["registry.term"], "kind": SessionKind.SPECIAL, "requested_by": "presidium",
                  "start_date": dt.date(2026, 12, 21), "end_date": dt.date(2026, 12, 21)},
            actor=SYSTEM,
        )  # fmt: skip
        rs.reception_day_publish(day=tw.objects["receptions.receptionday"], actor=tw.users["town_staff"])
    # A reply waiting for the world's deputy's feedback.
    drive(tw, make_suggestion(tw), "replied")


@at(2026, 12, 10)
def test_deputy_start_page_counts_what_waits_and_links_to_the_lists(client, world):
    tw = world.a
    deputy = tw.users["deputy"]
    co_person, co_user = second_deputy(tw)

    idle, items, page = _home(client, deputy)
    assert sorted(items) == sorted(CODES)
    assert all(items[c].count == 0 for c in CODES if c != "congress.motions")
    _busy(tw, deputy, co_person)

    busy, items, page = _home(client, deputy)
    assert busy == idle  # a fixed number of queries, whatever waits
    counts = {c: items[c].count for c in CODES}
    assert counts["suggestions.feedback"] == 1
    assert counts["suggestions.cosign"] == 0  # the lead signer confirmed by submitting
    assert counts["congress.sessions"] == 1
    assert counts["receptions.duty"] == 1
    html = page.content.decode()
    for code in CODES:
        assert f'data-testid="waiting-{code}"' in html

    # Each link opens the list with what it counts.
    day_list = client.get(items["receptions.duty"].url)
    assert day_list.status_code == 200
    assert [d.pk for d in day_list.context["rows"]] == [tw.objects["receptions.receptionday"].pk]
    replied = client.get(items["suggestions.feedback"].url)
    assert replied.status_code == 200 and "关于修缮村道的建议" in replied.content.decode()
    assert client.get(items["congress.sessions"].url).status_code == 200
    assert client.get(items["congress.motions"].url).status_code == 200

    # The co-signer: one request to confirm, listed behind the link; no reception duty (not on the rota).
    _n, items, _page = _home(client, co_user)
    assert items["suggestions.cosign"].count == 1
    assert items["receptions.duty"].count == 0
    cosign = client.get(items["suggestions.cosign"].url)
    assert "关于增设路灯的建议" in cosign.content.decode()

    # After confirming, nothing waits for the co-signer there.
    with scopes_disabled():  # test set-up
        s = Suggestion.unscoped.get(title="关于增设路灯的建议")
        ss.suggestion_cosign(suggestion=s, person=co_person, actor=co_user)
    _n, items, _page = _home(client, co_user)
    assert items["suggestions.cosign"].count == 0


@at(2026, 12, 10)
def test_a_deputy_of_another_town_sees_none_of_it(client, world):
    tw = world.a
    co_person, _co_user = second_deputy(tw)
    _busy(tw, tw.users["deputy"], co_person)
    _n, items, _page = _home(client, world.b.users["deputy"])
    assert {c: items[c].count for c in CODES if c != "congress.motions"} == dict.fromkeys(
        [c for c in CODES if c != "congress.motions"], 0
    )


@pytest.mark.parametrize("role", ["town_staff", "unit_clerk", "petitions"])
def test_other_roles_keep_their_own_start(client, world, role):
    client.force_login(world.a.users[role])
    response = client.get("/")
    assert response.status_code == 302
