"""Every link on every page leads somewhere, for every demo login (issue 15, item 6).

Each demo user starts at the home page and follows every link of the app found on the pages it reaches,
breadth first, in Chinese. A link that answers 404 or a server error fails the test, naming the page that
showed it. Links that differ only by the numbers in them (one record and the next) are followed a few
times per shape, so the crawl stays bounded as the demo grows while every kind of page is reached.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from intercoop.demo.tests.test_seed_demo import DEMO_USERS
from tests.personas import restore_snapshot

# Its own xdist group: the crawl (about a minute) runs on another worker than the other demo tests, which
# seeds the demo there too (a few seconds) but keeps the suite's wall time down.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo"), pytest.mark.xdist_group("crawl")]

# Links a crawl must not follow: they change state on GET by design (logging out, switching language
# is a POST anyway) or lead outside the app's pages (static files, the Django admin, API documents).
# Excel downloads are opened by the browser test of every export button.
SKIP = ("/accounts/logout", "/static/", "/media/", "/admin/", "/api/v1/docs", "/i18n/")
PER_SHAPE = 2  # links of one shape (the same page for another record, the same filters with other values)
PER_PAGE = 5  # links to one page whatever its query (a list and its filtered views)


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        restore_snapshot(demo_snapshot)
        yield
        transaction.set_rollback(True)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urljoin("http://testserver" + page_url, href)
        parts = urlsplit(url)
        if parts.netloc != "testserver" or parts.path.startswith(SKIP) or "format=" in parts.query:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def shape(url: str) -> str:
    """What a link is, without which record: numbers stand for any number, query values are dropped."""
    parts = urlsplit(url)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl(client: Client) -> tuple[int, list[str]]:
    seen: set[str] = {"/"}
    per_shape: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    visited = 0
    broken: list[str] = []
    while queue:
        url, source = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code == 404 or response.status_code >= 500:
            broken.append(f"{url} → {response.status_code} (linked from {source})")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_of(url, response.content.decode()):
            if link in seen:
                continue
            seen.add(link)
            key = shape(link)
            page = key.split("?")[0]
            if per_shape.get(key, 0) >= PER_SHAPE or per_shape.get(page, 0) >= PER_PAGE:
                continue
            per_shape[key] = per_shape.get(key, 0) + 1
            per_shape[page] = per_shape.get(page, 0) + 1
            queue.append((link, url))
    return visited, broken


def test_the_link_parser_and_the_shapes_it_groups():
    html = '<a href="/partners/12/">x</a><a href="#top">t</a><a href="?page=2&q=a">n</a>'
    html += '<a href="https://example.org/">e</a><a href="/static/app.css">s</a><a href="?format=xlsx">x</a>'
    assert links_of("/partners/", html) == ["/partners/12/", "/partners/?page=2&q=a"]
    assert shape("/partners/12/") == shape("/partners/345/") == "/partners/N/?"
    assert shape("/partners/?q=a&page=2") == "/partners/?page&q"


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_link_a_demo_user_can_reach_answers(username):
    client = Client()
    client.cookies["django_language"] = "zh-hans"
    assert client.post("/accounts/login/", {"username": username, "password": "demo"}).status_code == 302
    visited, broken = crawl(client)
    assert visited > 5, f"{username} reached only {visited} pages: did the login work?"
    assert not broken, "\n".join(broken)
