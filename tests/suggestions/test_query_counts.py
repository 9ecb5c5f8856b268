"""Fixed query counts of a suggestion's page and the suggestions API list (issue #7): the numbers do not grow
with signers, units, contacts, replies, feedbacks, extensions, attachments, supervisors or rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from helpers import GRANTS, SESSION
from renda.core.actors import SYSTEM
from renda.registry import services as reg
from renda.registry.enums import PresidiumPost
from renda.suggestions import services
from suggestions.helpers import drive, make_suggestion, pdf, second_deputy, second_unit


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _rich_suggestion(tw):
    """A replied suggestion with several of every row its page lists."""
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    person, unit = tw.objects["registry.person"], tw.objects["registry.handlingunit"]
    p2, _u2 = second_deputy(tw, "李二")
    p3, _u3 = second_deputy(tw, "王三")
    co_unit, co_clerk = second_unit(tw, "城建办")
    s = make_suggestion(
        tw, "关于增设路灯的建议", "村口道路夜间无照明，建议增设路灯。", signers=[person, p2, p3]
    )
    with scopes_disabled():  # test set-up
        for i in range(3):
            services.suggestion_attachment_add(suggestion=s, upload=pdf(f"材料{i}.pdf"), actor=staff)
        services.suggestion_review(suggestion=s, accept=True, actor=staff)
        services.suggestion_assign(suggestion=s, lead_unit=unit, co_units=[co_unit], actor=staff)
        presidium = tw.objects["registry.presidium"]
        reg.presidium_member_create(
            town=tw.town,
            data={"presidium": presidium, "person": p2, "post": PresidiumPost.MEMBER, "start_date": dt.date(2022, 1, 1)},
            actor=SYSTEM,
        )  # fmt: skip
        services.suggestion_key_set(suggestion=s, is_key=True, supervisors=[person, p2], actor=staff)
        for i in range(3):
            services.suggestion_contact_record(
                suggestion=s,
                unit=unit,
                date=timezone.localdate(),
                way="phone",
                summary=f"第{i}次沟通",
                actor=clerk,
            )
        services.suggestion_co_opinion(suggestion=s, unit=co_unit, opinion="同意", actor=co_clerk)
        e = services.suggestion_extension_request(
            suggestion=s, unit=unit, days=10, reason="需协调", actor=clerk
        )
        services.suggestion_extension_decide(extension=e, approve=True, actor=staff)
        services.suggestion_extension_request(suggestion=s, unit=unit, days=5, reason="仍需协调", actor=clerk)
        services.suggestion_reply(
            suggestion=s, unit=unit, outcome_class="A", text="已办理", letter=pdf(), actor=clerk
        )
        for p in (p2, p3):
            services.suggestion_feedback(
                suggestion=s, person=p, work_score="satisfied", result_score="satisfied", actor=staff
            )
        s.refresh_from_db()
    return s


# Before issue #7 (same set-up, plain → rich suggestion): town staff 18 → 19, unit clerk 17 → 18, deputy 19 → 20
# (per-action checks, the feedbacks' persons). Now one query per relation the page lists, whoever asks; town staff
# also read the presidium's members (the key supervision form's candidates and choices). The inbox badge comes with
# the grants' cache look-up since issue 13 (one query fewer). Issue 14: the supervisors' choices read with their
# village and serving mandates (namesakes told apart), one query more for town staff.
EXPECTED = {
    "town_staff": 14 + SESSION + GRANTS,
    "unit_clerk": 11 + SESSION + GRANTS,
    "deputy": 11 + SESSION + GRANTS,
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_suggestion_page_uses_a_fixed_number_of_queries(client, world, role):
    tw = world.a
    plain = drive(tw, make_suggestion(tw), "replied")
    rich = _rich_suggestion(tw)
    with scopes_disabled():  # reading back in a test
        plain.refresh_from_db()
    assert plain.state == rich.state == "replied"
    client.force_login(tw.users[role])
    client.get(f"/suggestions/{plain.pk}/")  # warm caches (content types)
    few = _queries(client, f"/suggestions/{plain.pk}/")
    many = _queries(client, f"/suggestions/{rich.pk}/")
    assert len(many) == len(few), many
    assert len(many) == EXPECTED[role], many


def test_suggestion_page_shows_what_it_prefetched(client, world):
    """The page lists the same rows as before the prefetching (a smoke test of the relations)."""
    tw = world.a
    rich = _rich_suggestion(tw)
    client.force_login(tw.users["town_staff"])
    html = client.get(f"/suggestions/{rich.pk}/").content.decode()
    for text in ("李二", "王三", "城建办", "第2次沟通", "需协调", "仍需协调", "材料2.pdf", "同意", "已办理"):
        assert text in html, text
    client.force_login(tw.users["deputy"])  # the lead signer has not given feedback yet: the form shows
    assert client.get(f"/suggestions/{rich.pk}/").context["can"]["feedback"] is True


@pytest.mark.parametrize("who", ["town_staff", "district", "unit_clerk"])
def test_api_list_uses_a_fixed_number_of_queries(client, world, who):
    tw = world.a
    user = world.district_x_staff if who == "district" else tw.users[who]
    client.force_login(user)
    client.get("/api/v1/suggestions")
    few = _queries(client, "/api/v1/suggestions")
    for i in range(4):
        drive(tw, make_suggestion(tw, f"建议{i}", "内容"), "assigned")
        drive(world.b, make_suggestion(world.b, f"建议{i}", "内容"), "assigned")
    many = _queries(client, "/api/v1/suggestions")
    assert len(many) == len(few), many
    # session, user, grants (SESSION, GRANTS: none on Redis), the count, the page
    assert len(many) == 3 + SESSION + GRANTS, many


def test_api_list_pages_by_key_give_the_plain_slices(client, world):
    """The page read by key (renda.core.paging) holds the rows a plain slice would, in the same order."""
    for tw in (world.a, world.b):
        for i in range(5):
            make_suggestion(tw, f"建议{i}", "内容")
    client.force_login(world.district_x_staff)
    everything = client.get("/api/v1/suggestions", {"limit": 500}).json()
    ids = [s["id"] for s in everything["items"]]
    assert everything["count"] == len(ids) >= 12
    pages = [
        client.get("/api/v1/suggestions", {"limit": 5, "offset": o}).json()["items"] for o in range(0, 15, 5)
    ]
    assert [s["id"] for page in pages for s in page] == ids[:15]
