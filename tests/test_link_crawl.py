"""No link leads to a page its viewer may not open (issue #14, "Errors and history").

For every role account of town A (and district X's staff) the test logs in, starts at `/` and walks the site
breadth-first, following every same-site `<a href>` in the HTML with a GET. Every page reached must answer
neither 403 nor 404 nor 5xx. Links are grouped by the URL pattern they resolve to (and the names of their query
parameters); a few concrete URLs of each group are opened, which keeps a role's walk short while reaching every
kind of page the role can see. Downloads, the calendar feed, static and media files, the API and logout are not
followed (they are files or actions, not pages with links).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse
from django_scopes import scopes_disabled

from renda.receptions import services as reception_services
from renda.receptions.models import Appeal

ROLES = ["town_staff", "presidium", "deputy", "unit_clerk", "petitions", "discipline", "district_staff"]
# Concrete URLs opened per URL pattern (url_name and the names of the query parameters).
PER_PATTERN = 3
# A hard stop per role, so that a page that links to endless variations cannot make the walk run away.
MAX_PAGES = 600

SKIP_PREFIXES = ("/static/", "/media/", "/api/", "/admin/", "/i18n/", "/__debug__/")
SKIP_SUFFIXES = (".ics", ".docx", ".xlsx", ".pdf", ".csv", ".zip", ".png", ".svg")
# Files and actions, not pages: downloads and attachments answer a file, logout ends the walk.
SKIP_NAMES = {
    "logout",
    "registry:roster-template",
    "registry:roster-export",
    "congress:document-download",
    "suggestions:attachment",
    "suggestions:supervision-attachment",
}
BROKEN = {403, 404, 405}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            return
        attrs = dict(attrs)
        href = attrs.get("href")
        if href and "download" not in attrs:
            self.hrefs.append(href)


def links_in(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def same_site_path(base: str, href: str) -> str | None:
    """The path (with query) a link leads to on this site, or None for other sites, anchors and schemes."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "sms:", "data:")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.scheme not in ("http", "https") or parts.hostname not in (
        "testserver",
        "127.0.0.1",
        "localhost",
    ):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def pattern_of(path: str) -> tuple[str, frozenset[str]] | None:
    """The URL pattern of a path (its view name and query parameter names); None when it resolves to nothing."""
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name, frozenset(k for k, _ in parse_qsl(parts.query, keep_blank_values=True))


@dataclass(frozen=True)
class Broken:
    role: str
    page: str
    link: str
    status: int

    def __str__(self):
        return f"{self.role}: {self.page} -> {self.link} answered {self.status}"


def crawl(client, role: str) -> tuple[list[Broken], int]:
    """Walk the site as the logged-in client; the broken links found and the number of pages opened."""
    seen: set[str] = {"/"}
    per_pattern: dict[tuple[str, frozenset[str]], int] = {}
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    broken: list[Broken] = []
    opened = 0
    while queue and opened < MAX_PAGES:
        path, referrer = queue.popleft()
        response = client.get(path)
        opened += 1
        status = response.status_code
        if status in BROKEN or status >= 500:
            broken.append(Broken(role, referrer, path, status))
            continue
        if status in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif status == 200 and response.get("Content-Type", "").startswith("text/html"):
            if response.get("Content-Disposition", "").startswith("attachment"):
                continue
            targets = links_in(response.content.decode(response.charset or "utf-8"))
        else:
            continue
        for href in targets:
            target = same_site_path(path, href)
            if target is None or target in seen:
                continue
            seen.add(target)
            key = pattern_of(target)
            if key is not None:
                if key[0] in SKIP_NAMES:
                    continue
                if per_pattern.get(key, 0) >= PER_PATTERN:
                    continue
                per_pattern[key] = per_pattern.get(key, 0) + 1
            queue.append((target, path))
    return broken, opened


@pytest.fixture(scope="module")
def crawl_world(shared_world, django_db_blocker):
    """The test world, with town A's reception day having received an appeal that its clerk's unit handles:
    the records whose pages link across roles (an appeal's source day). Written inside the module's world
    transaction, so it is rolled back with it."""
    tw = shared_world.a
    with django_db_blocker.unblock(), scopes_disabled():  # test set-up
        staff = tw.users["town_staff"]
        appeal = reception_services.appeal_submit(
            town=tw.town,
            data={
                "content": "接待日反映：桥面护栏松动。",
                "category": "roads",
                "village": tw.objects["registry.village"],
                "citizen_name": "王五",
                "citizen_phone": "13912345679",
            },
            reception_day=tw.objects["receptions.receptionday"],
            actor=staff,
        )
        reception_services.appeal_assign(appeal=appeal, handler=tw.users["unit_clerk"], actor=staff)
    return shared_world


@pytest.fixture
def world(crawl_world, db):
    return crawl_world


def user_for(world, role):
    return world.district_x_staff if role == "district_staff" else world.a.users[role]


@pytest.mark.parametrize("role", ROLES)
def test_no_link_leads_to_a_page_the_viewer_may_not_open(client, world, role):
    client.force_login(user_for(world, role))
    broken, opened = crawl(client, role)
    assert 5 < opened < MAX_PAGES, (role, opened)  # reached the role's pages, and walked them all
    assert broken == [], "\n".join(str(b) for b in broken)


def test_the_walk_reports_a_link_the_viewer_may_not_open(client, world):
    """The crawler itself: a page linking to another town's record is reported with the page and the status."""
    client.force_login(world.a.users["town_staff"])
    other = f"/registry/villages/{world.b.objects['registry.village'].pk}/"
    page = HttpResponse(
        f'<a href="{other}">B</a><a href="/static/x.css">s</a><a href="https://example.org/">e</a>'
    )
    real_get = client.get

    def get(path, *args, **kwargs):
        return page if path == "/" else real_get(path, *args, **kwargs)

    client.get = get
    broken, opened = crawl(client, "town_staff")
    assert broken == [Broken("town_staff", "/", other, 404)]
    assert opened == 2
    assert links_in('<a href="/x/">x</a><a download href="/y.docx">y</a><a>z</a>') == ["/x/"]
    assert pattern_of("/registry/villages/?page=2") == ("registry:village-list", frozenset({"page"}))


@pytest.mark.parametrize("role", ["petitions", "discipline", "unit_clerk"])
def test_an_appeal_names_its_reception_day_without_a_link_for_those_who_cannot_open_it(client, world, role):
    """DOMAIN C4: the day is published anyway (公示), its page is the organisers' (staff, presidium, deputies);
    the petitions office, discipline inspection and clerks read the day's date and place as text."""
    day = world.a.objects["receptions.receptionday"]
    with scopes_disabled():  # test inspection
        appeal = Appeal.objects.get(reception_day=day, town=world.a.town)
    day_url = reverse("receptions:day-detail", kwargs={"pk": day.pk})
    client.force_login(world.a.users[role])
    page = client.get(reverse("receptions:appeal-detail", kwargs={"pk": appeal.pk}))
    assert page.status_code == 200
    assert day_url not in page.content.decode()
    assert str(day) in page.content.decode()
    assert client.get(day_url).status_code == 404
    client.force_login(world.a.users["town_staff"])
    assert (
        day_url in client.get(reverse("receptions:appeal-detail", kwargs={"pk": appeal.pk})).content.decode()
    )
