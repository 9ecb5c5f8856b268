"""Every list page downloads as CSV (core.exports): the same filtered rows as the page (the CSV's row count
is the page's total), the same permission and town scoping (a second town's rows never appear), UTF-8 with a
byte-order mark, formula injection guarded.

The walk finds the list pages itself: every named URL without arguments, opened by each role; a page whose
context holds a paginated `page` is a list page and must offer the 导出 CSV link."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest
from django.core.paginator import Page
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.translation import override

from renda.core.exports import Column, cell, csv_response, row_cells

ROLES = ["town_staff", "presidium", "deputy", "unit_clerk", "petitions", "discipline"]
SKIP = {"logout", "inbox-read-all", "registry:roster-template", "registry:roster-export"}


def _names(resolver=None, prefix="") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.pattern.regex.groups:
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names += _names(p, ns)
        elif isinstance(p, URLPattern) and p.name and not p.pattern.regex.groups:
            names.append(prefix + p.name)
    return names


class _CsvLink(HTMLParser):
    href: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("data-testid") == "csv-link":
            self.href = a.get("href")


def _csv_href(html: str) -> str | None:
    p = _CsvLink()
    p.feed(html)
    return p.href


def _rows(response) -> list[list[str]]:
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 Chinese with the byte-order mark
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _list_pages(client, user) -> dict[str, object]:
    """Every argument-less page this user opens that is a paginated list: {url: response}."""
    client.force_login(user)
    found = {}
    for name in _names():
        if name in SKIP or name.startswith(("admin:", "api-", "portal:", "ninja")):
            continue
        try:
            url = reverse(name)
        except Exception:  # noqa: BLE001, S112 — a pattern that needs a query or a namespace we do not walk
            continue
        if url.startswith(("/api/", "/admin/", "/static/")):
            continue
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False) or response.context is None:
            continue
        page = response.context.get("page")
        if isinstance(page, Page):
            found[url] = response
    return found


@pytest.mark.parametrize("role", [*ROLES, "district_staff"])
def test_every_list_page_downloads_its_rows_and_only_its_towns(client, world, role):
    tw, other = world.a, world.b
    user = world.district_x_staff if role == "district_staff" else tw.users[role]
    pages = _list_pages(client, user)
    assert pages  # every role has at least one list
    if role in ("town_staff", "district_staff"):  # the walk reaches every module's lists
        assert {"/suggestions/", "/receptions/appeals/", "/oversight/items/", "/campaigns/tasks/",
                "/congress/motions/", "/performance/duties/", "/registry/persons/", "/inbox/"} <= set(pages)  # fmt: skip
    with override("zh-hans"):
        for url, response in pages.items():
            total = response.context["page"].paginator.count
            href = _csv_href(response.content.decode())
            if (
                href is None and total == 0
            ):  # an empty list may leave the link out; its download still answers
                href = "?format=csv"
            assert href, f"{url} offers no CSV download"
            assert "format=csv" in href
            rows = _rows(client.get(url.split("?")[0] + href if href.startswith("?") else href))
            assert len(rows) - 1 == total, url
            assert all(len(r) == len(rows[0]) for r in rows), url
            body = "\n".join(",".join(r) for r in rows[1:])
            if role != "district_staff":
                # The world names the second town's records after it (盛泽镇派出所, 盛泽镇代表之家 …).
                assert other.town.name not in body, url
            else:  # the district's staff see both towns of district X, never district Y's town
                assert world.c.town.name not in body, url


def test_a_filtered_list_downloads_the_filtered_rows(client, world):
    tw = world.a
    client.force_login(world.district_x_staff)
    url = reverse("registry:person-list") if "registry:person-list" in _names() else None
    assert url
    both = client.get(url)
    one = client.get(url, {"town": tw.town.pk})
    assert both.context["page"].paginator.count > one.context["page"].paginator.count
    rows = _rows(client.get(url, {"town": tw.town.pk, "format": "csv"}))
    assert len(rows) - 1 == one.context["page"].paginator.count
    assert world.b.town.name not in "\n".join(",".join(r) for r in rows[1:])


def test_cells_that_start_a_formula_are_text():
    assert cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for start in ("+", "-", "@", "\t", "\r"):
        assert cell(start + "1") == "'" + start + "1"
    assert cell("关于=号的建议") == "关于=号的建议"
    assert cell(-3) == "-3"  # a number stays a number
    assert cell(None) == ""


def test_a_download_streams_with_its_headings():
    class Row:
        title = "@SUM(A1)"
        n = 2

    response = csv_response(
        [Row(), Row()], columns=[Column("标题", "title"), Column("数", "n")], filename="x"
    )
    rows = _rows(response)
    assert rows == [["标题", "数"], ["'@SUM(A1)", "2"], ["'@SUM(A1)", "2"]]
    assert row_cells(Row(), [Column("数", lambda r: r.n * 2)]) == ["4"]
