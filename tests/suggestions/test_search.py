"""The suggestions list search goes through the token index and returns what a substring match returned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from renda.suggestions import queries
from renda.suggestions.models import Suggestion
from renda.suggestions.search import FTS_TABLE, PG_INDEX, _candidates, query_bigrams, suggestions_matching
from renda.suggestions.similarity import tokens_of
from suggestions.helpers import make_suggestion

ROWS = [
    ("关于增设路灯的建议", "三村村口夜间无照明，建议安装路灯。"),
    ("关于修缮村道的建议", "一村村道破损，建议修缮。"),
    ("加强校园周边交通安全", "学校门口车流大，建议增设减速带和信号灯。"),
    ("关于环境整治的建议", "沿街商铺油烟扰民，建议定期清理。"),
    ("关于G318国道拓宽的建议", "G318国道平望段车多路窄。"),
    ("推广APP办事", "建议推广政务APP，方便群众。"),
]


def _old(qs, q):
    """What the list searched before the index: a substring of title, number or content, ignoring case."""
    return qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(content__icontains=q))


def _titles(qs) -> set[str]:
    return set(qs.values_list("title", flat=True))


@pytest.fixture(scope="module")
def searchable(shared_world, django_db_blocker):
    """The rows above in town A and one like them in town B, for every test of the module (each test runs in
    its own savepoint, so edits are undone)."""
    with django_db_blocker.unblock(), scopes_disabled():  # test set-up
        made = [make_suggestion(shared_world.a, t, c) for t, c in ROWS]
        make_suggestion(shared_world.b, "盛泽镇增设路灯", "镇区路灯不足。")
        # Numbers are given on submission; two rows get one so that a number search has something to find.
        for s, n in zip(made[:2], ["2025-001", "2025-002"], strict=True):
            Suggestion.unscoped.filter(pk=s.pk).update(number=n)
    return shared_world


@pytest.fixture
def world(searchable, db):
    return searchable


@pytest.fixture
def town_a(world):
    return world.a


def _base(tw):
    return Suggestion.unscoped.filter(town=tw.town)


CASES = [
    ("路灯", {"关于增设路灯的建议"}),  # two characters
    ("安装路灯", {"关于增设路灯的建议"}),  # four characters, only in the content
    ("油烟扰民", {"关于环境整治的建议"}),  # only in the content
    ("G318国道", {"关于G318国道拓宽的建议"}),  # latin, digits and Chinese
    ("8国道平望", {"关于G318国道拓宽的建议"}),
    ("推广app", {"推广APP办事"}),  # the latin part ignores case, as before
    ("灯", {"关于增设路灯的建议", "加强校园周边交通安全"}),  # one character: substring filter
    ("2025-00", {"关于增设路灯的建议", "关于修缮村道的建议"}),  # a number
    ("村道", {"关于修缮村道的建议"}),
    ("村口", {"关于增设路灯的建议"}),  # rjieba cuts 三村村口 as 三 / 村村 / 口: no word 村口
    ("交通", {"加强校园周边交通安全"}),  # rjieba keeps 交通安全 whole
    ("路灯维修", set()),  # every bigram but one is stored: the index leaves it out
    ("灯路", set()),  # both characters stored, not next to each other
    ("地铁", set()),  # no match
]


@pytest.mark.parametrize(("q", "titles"), CASES)
def test_search_returns_what_the_substring_match_returned(town_a, q, titles):
    base = _base(town_a)
    assert _titles(suggestions_matching(base, q)) == titles
    assert _titles(suggestions_matching(base, q)) == _titles(_old(base, q))


def test_query_bigrams_follow_the_stored_rule():
    assert query_bigrams("路灯") == ["#路灯"]
    assert query_bigrams("安装路灯") == ["#安装", "#装路", "#路灯"]
    assert query_bigrams("路灯路灯") == ["#路灯", "#灯路"]
    assert query_bigrams("G318国道") == ["#国道"]
    assert query_bigrams("推广app") == ["#推广"]  # "#广a": the stored token keeps the text's case
    assert query_bigrams("灯") == []
    assert query_bigrams("2025-00") == []
    assert query_bigrams("app") == []
    assert set(query_bigrams("安装路灯")) <= set(tokens_of("三村村口夜间无照明，建议安装路灯。"))


def test_search_follows_an_edited_title(town_a):
    base = _base(town_a)
    s = base.get(title="关于修缮村道的建议")
    title = "关于拓宽桥梁的建议"
    Suggestion.unscoped.filter(pk=s.pk).update(
        title=title, tokens=" ".join(tokens_of(f"{title} {s.content}"))
    )
    assert _titles(suggestions_matching(base, "桥梁")) == {title} == _titles(_old(base, "桥梁"))
    assert _titles(suggestions_matching(base, "修缮村道")) == set() == _titles(_old(base, "修缮村道"))
    assert _titles(suggestions_matching(base, "村道破损")) == {title} == _titles(_old(base, "村道破损"))


def test_search_keeps_to_the_towns_in_scope(world, client):
    with scope(town=[world.a.town.pk]):
        found = queries.suggestions_filtered(user=world.a.users["town_staff"], q="增设路灯")
        assert _titles(found) == {"关于增设路灯的建议"}
    with scope(town=[world.b.town.pk]):
        found = queries.suggestions_filtered(user=world.b.users["town_staff"], q="增设路灯")
        assert _titles(found) == {"盛泽镇增设路灯"}
    client.force_login(world.a.users["town_staff"])
    page = client.get("/suggestions/", {"q": "增设路灯"}).content.decode()
    assert "关于增设路灯的建议" in page
    assert "盛泽镇增设路灯" not in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_page_search_uses_a_fixed_number_of_queries(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    make_suggestion(tw, "关于增设路灯的建议")
    few = _count(client, "/suggestions/?q=路灯")
    for i in range(6):
        make_suggestion(tw, f"{i}号路灯维修")
    assert _count(client, "/suggestions/?q=路灯") == few


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index(town_a):
    """The filter renders the indexed expression itself. (On these few rows the list query itself prefers
    the town index; at district scale, after VACUUM ANALYZE, it reads the GIN index.)"""
    with connection.cursor() as cursor:
        # A tiny table: ask whether the index can serve (no full scan of the table or of a btree in order).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    for q in ("路灯", "安装路灯"):
        plan = suggestions_matching(Suggestion.unscoped.all(), q).explain()
        assert f"Bitmap Index Scan on {PG_INDEX}" in plan


def test_sqlite_search_reads_the_fts_table(town_a):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 table")
    plan = suggestions_matching(_base(town_a), "路灯").explain()
    assert f"{FTS_TABLE} VIRTUAL TABLE" in plan
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'suggestions_suggestion'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
        # The FTS rows equal what the triggers would write from the table now (fails when they drift).
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    assert triggers == {f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"}


def test_sqlite_fts_table_follows_updates_and_deletes(town_a):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 table")
    base = _base(town_a)
    s = base.get(title="关于环境整治的建议")
    Suggestion.unscoped.filter(pk=s.pk).update(tokens="#桥梁")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", ['"#桥梁"'])
        assert cursor.fetchall() == [(s.pk,)]
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", ['"#油烟"'])
        assert cursor.fetchall() == [(0,)]
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    Suggestion.unscoped.filter(pk=s.pk).delete()  # undone with the test's savepoint
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", ['"#桥梁"'])
        assert cursor.fetchall() == [(0,)]
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")


def test_the_index_alone_finds_rows_holding_every_bigram(town_a):
    base = _base(town_a)
    assert _titles(_candidates(base, ["#路灯"])) == {"关于增设路灯的建议"}
    assert _titles(_candidates(base, ["#建议", "#村道"])) == {"关于修缮村道的建议"}
    assert _titles(_candidates(base, ["#路灯", "#灯维"])) == set()
