"""The crawl: every page a demo persona can reach opens without a server error, a template error, a raw
English msgid or a Python repr (#7).

For each persona of the README's login table the demo (with plans and tasks) is loaded once, the user
signs in, and the crawler follows, breadth first from the home page, every `a[href]` and every
`form[method=get][action]` of every page it opens: the navigation, the list pages, their rows, the
detail pages and their buttons, and the form pages those lead to. It never submits a form and never
POSTs (so no logout, no language switch, no delete or confirmation), stays on this site, and opens at
most `PER_KIND` different URLs of each kind of page (deduplicated by the resolved route name and the
names of the query parameters), so the crawl stays bounded however much data there is. A module added
later is covered as soon as a page links to it. A link shown to the user that answers 403 or 404 is
a dead end and fails too.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.base import Variable, VariableDoesNotExist, VariableNode
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import trans_real

from pckb.demo.loader import load_demo

# The personas of the README's login table: the national administrator, a provincial manager, an
# agency editor and an agency viewer.
PERSONAS = ("admin", "quangninh", "quangninh.congan", "quangninh.yte")

# At most this many different URLs per kind of page: a route name with the names of its query
# parameters (and the value of `tab`), so a list's sort, filter and page links, a detail page's tabs and
# records in different states are each met a few times, and the crawl stays bounded however much data.
PER_KIND = 2
# Another order or page of the same list is the same kind of page.
SAME_PAGE_PARAMETERS = {"sort", "page"}
# A safety net: a crawl that opens more pages than this has lost its bounds.
MAX_PAGES = 400

# `{{ name|default:... }}` is the template's own answer to a missing variable, not an error.
DEFAULT_FILTERS = {"default", "default_if_none"}

# Never followed: they change state on GET-less paths or leave the application's own pages.
SKIP_PREFIXES = (
    "/i18n/",  # the language switch (a POST form)
    "/api/",  # JSON, not pages (the API has its own tests)
    "/django-admin/",  # Django's own admin, not our pages
    "/static/",
    "/media/",
)
SKIP_ROUTES = {"accounts:logout"}

# Attributes a user reads (or hears from a screen reader) like text.
TEXT_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

REPRS = [
    re.compile(r"<[\w.]+ object at 0x"),
    re.compile(r"\bQuerySet\b"),
    re.compile(r"\{'"),
    re.compile(r"\[<"),
]


class _Page(HTMLParser):
    """The links, GET forms and visible text nodes of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.texts: list[str] = []
        self._hidden = 0  # inside <script>/<style>/<code>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # An element marked as another language says so on purpose (the language switch's "English").
        foreign = not (values.get("lang") or "vi").startswith("vi")
        for name in TEXT_ATTRIBUTES:
            if values.get(name) and not foreign:
                self.texts.append(" ".join((values[name] or "").split()))
        # An identifier in <code> (an indicator's code "disseminations") is data, not interface text.
        if tag in ("script", "style", "code"):
            self._hidden += 1
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        elif tag == "form" and (values.get("method") or "get").lower() == "get":
            self.links.append(values.get("action") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._hidden:
            self.texts.append(text)


def _untranslated_msgids() -> set[str]:
    """Every English source string whose Vietnamese translation differs from it."""
    with translation.override("vi"):
        catalog = trans_real.translation("vi")._catalog
    found = set()
    for key, value in catalog.items():
        if isinstance(key, str) and "\x04" not in key and value and value != key and len(key) > 1:
            found.add(key)
    return found


@dataclass
class Crawl:
    username: str
    visited: dict[str, int] = field(default_factory=dict)  # url -> status
    per_kind: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    dead_ends: list[str] = field(default_factory=list)  # 403 or 404 behind a link the user was shown

    def report(self) -> str:
        return f"{self.username}: " + "\n  ".join(self.failures)


def _route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _kind_of(route: str, url: str) -> tuple[str, int]:
    """What makes two URLs the same kind of page, and how many of that kind to open."""
    query = parse_qs(urlsplit(url).query)
    if "export" in query:
        # A file, not a page: the whole list as a workbook, a few seconds for the biggest; once per list.
        return f"{route} export", 1
    names = sorted(set(query) - SAME_PAGE_PARAMETERS)
    return " ".join([route, *names, *(f"tab={tab}" for tab in query.get("tab", []))]), PER_KIND


def _internal(url: str, base: str) -> str | None:
    """The site-relative URL of a link, or None for what the crawl does not follow."""
    if not url or url.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute = urldefrag(urljoin("http://testserver" + base, url))[0]
    parts = urlsplit(absolute)
    if parts.netloc != "testserver" or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class MissingVariables:
    """Records every `{{ variable }}` a template prints that does not exist (without a `|default`).

    Django prints such a variable as an empty string; `string_if_invalid` would also flag the
    deliberate `{% with x=obj.maybe %}` and `|default` idioms, so the output nodes are watched instead.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self._render = VariableNode.render

    def __enter__(self) -> MissingVariables:
        render, names = self._render, self.names

        def checked_render(node: VariableNode, context: Any) -> Any:
            expression = node.filter_expression
            defaulted = any(func.__name__ in DEFAULT_FILTERS for func, _args in expression.filters)
            if isinstance(expression.var, Variable) and not defaulted:
                try:
                    expression.var.resolve(context)
                except VariableDoesNotExist:
                    origin = getattr(node, "origin", None)
                    origin = (origin.template_name or origin.name) if origin else "?"
                    names.append(f"{{{{ {expression.token} }}}} in {origin}")
            return render(node, context)

        VariableNode.render = checked_render  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: Any) -> None:
        VariableNode.render = self._render  # type: ignore[method-assign]


def _check_page(crawl: Crawl, url: str, page: _Page, msgids: set[str], found_on: str, missing: list[str]) -> None:
    where = f"{url} (linked from {found_on})"
    if missing:
        crawl.failures.append(f"template error: missing {sorted(set(missing))} at {where}")
    for text in page.texts:
        if text in msgids:
            crawl.failures.append(f"raw msgid {text!r} at {where}")
        if text == "None":
            crawl.failures.append(f"'None' shown at {where}")
        for pattern in REPRS:
            if pattern.search(text):
                crawl.failures.append(f"Python repr {text[:80]!r} at {where}")


def crawl_as(username: str, msgids: set[str], missing: MissingVariables) -> Crawl:
    crawl = Crawl(username)
    # A page that raises is recorded (status 500) and the crawl goes on, to report every failure at once.
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    queue: deque[tuple[str, str]] = deque([("/", "-")])
    while queue and len(crawl.visited) < MAX_PAGES:
        url, found_on = queue.popleft()
        if url in crawl.visited:
            continue
        route = _route_of(url.split("?", 1)[0])
        if route is None or route in SKIP_ROUTES:
            continue
        kind, limit = _kind_of(route, url)
        if crawl.per_kind.get(kind, 0) >= limit:
            continue
        crawl.per_kind[kind] = crawl.per_kind.get(kind, 0) + 1
        missing.names.clear()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        crawl.visited[url] = response.status_code
        if response.status_code >= 500:
            crawl.failures.append(f"{response.status_code} at {url} (linked from {found_on})")
            continue
        if 400 <= response.status_code < 500:  # a link shown to this persona that refuses them
            crawl.dead_ends.append(f"{response.status_code} at {url} (linked from {found_on})")
        if response.status_code in (301, 302):
            target = _internal(response["Location"], url)
            if target:
                queue.append((target, url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        _check_page(crawl, url, page, msgids, found_on, missing.names)
        for link in page.links:
            target = _internal(link, url)
            if target and target not in crawl.visited:
                queue.append((target, url))
    return crawl


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, with its plans and tasks, once for the module (rolled back at the end)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_demo(with_plans=True)
            yield
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("username", PERSONAS)
def test_every_reachable_page_opens_cleanly(demo, username):
    with MissingVariables() as missing:
        crawl = crawl_as(username, _untranslated_msgids(), missing)
    assert 20 < len(crawl.visited) < MAX_PAGES, sorted(crawl.visited)
    assert not crawl.failures, crawl.report()
    # A link or button shown to the user leads somewhere they may go (#7: no dead ends).
    assert not crawl.dead_ends, f"{username}: " + "\n  ".join(crawl.dead_ends)


def test_the_checks_catch_what_they_look_for():
    """The crawl's own checks: a raw msgid, a repr, 'None' in a cell and a missing variable are reported."""
    from django.template import Context, Template

    crawl, page = Crawl("someone"), _Page()
    page.feed("<table><tr><td>None</td><td>Save</td><td>&lt;Task object at 0x7f&gt;</td></tr></table>")
    with MissingVariables() as missing:
        Template("{{ nothing_here }}{{ absent|default:'—' }}").render(Context({}))
    _check_page(crawl, "/x/", page, {"Save"}, "/", missing.names)
    assert [failure.split(" at ", 1)[0] for failure in crawl.failures] == [
        "template error: missing ['{{ nothing_here }} in <unknown source>']",
        "'None' shown",
        "raw msgid 'Save'",
        "Python repr '<Task object",
    ]
