"""The link walk of `test_link_crawl` over one town of the demo (平望镇), whose records are in every state the
workflows reach: motions turned into suggestions, appeals received on reception days and handled by units,
replied and closed suggestions. Every demo account of the town, and the district's, walks its pages; no link
may answer 403, 404 or 5xx."""

from __future__ import annotations

from importlib import import_module

import pytest
from django_scopes import scopes_disabled

from renda.core.models import User
from renda.registry.demo import build_demo
from renda.seeding.management.commands.demo import DEMO_MODULES
from test_link_crawl import MAX_PAGES, crawl

TOWN = "pingwang"
# The town's accounts, one of each kind (the demo has fourteen unit clerks; two of them walk).
ACCOUNTS = [
    "district",
    f"{TOWN}_staff",
    f"{TOWN}_presidium",
    f"{TOWN}_deputy",
    f"{TOWN}_deputy2",
    f"{TOWN}_clerk",
    f"{TOWN}_petitions",
    f"{TOWN}_discipline",
    f"{TOWN}_unit01",
    f"{TOWN}_unit02",
]


@pytest.fixture(scope="module")
def demo_town(django_db_setup, django_db_blocker):
    """The demo of one town, built once for the module in a transaction rolled back at its end."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        with scopes_disabled():  # the demo is built across towns, as the command does
            result = build_demo(seed=7, towns=[TOWN])
            for path in DEMO_MODULES:
                import_module(f"renda.{path}").build(seed=7)
        yield {a.username for a in result.accounts}
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", ACCOUNTS)
def test_no_link_in_the_demo_leads_to_a_page_the_viewer_may_not_open(client, demo_town, db, username):
    assert username in demo_town
    client.force_login(User.objects.get(username=username))
    broken, opened = crawl(client, username)
    assert 5 < opened < MAX_PAGES, (username, opened)  # reached the account's pages, and walked them all
    assert broken == [], "\n".join(str(b) for b in broken)
