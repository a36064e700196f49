"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Fixtures:
    page      a fresh Playwright Page (new browser context, locale vi-VN) for each test
    live_url  the live server's base URL, e.g. "http://127.0.0.1:41234"

Helpers for the tests themselves live in tests/e2e/helpers.py (login, screenshots).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import screenshot

# Playwright's sync API runs an event loop in the main thread; without this Django refuses ORM calls
# made by fixtures and tests ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Bind the live server to IPv4 explicitly: "localhost" may resolve to ::1 in Chromium first.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path(os.environ.get("PCKB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_CHROMIUM = (
    f"!!! BROWSER TESTS SKIPPED: Chromium not found at {CHROMIUM}. "
    "Install it with `apt-get install chromium` (or run .ci/run) to run them. !!!"
)
DEFAULT_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is an e2e test, and is skipped loudly when Chromium is missing."""
    here = Path(__file__).parent
    skip_without_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING_CHROMIUM)
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        item.add_marker(skip_without_chromium)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session (starting it costs about a second)."""
    if not CHROMIUM.exists():
        pytest.skip(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _seed_catalogues() -> None:
    # A live-server test flushes the database after itself, catalogues seeded by data migrations
    # included: put them back so that each browser test starts from what a fresh install has.
    import importlib

    from django.apps import apps

    importlib.import_module("pckb.targets.migrations.0002_catalogues").seed(apps, None)
    importlib.import_module("pckb.outreach.migrations.0002_topics").seed(apps, None)
    if apps.is_installed("pckb.inspections"):
        importlib.import_module("pckb.inspections.migrations.0002_default_checklist").seed(apps, None)


@pytest.fixture
def live_url(live_server: Any) -> str:
    """Base URL of the live server (no trailing slash)."""
    _seed_catalogues()
    return live_server.url


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new context per test, so cookies, language and sessions never leak between tests."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        try:
            print(f"screenshot of the failed page: {screenshot(page, 'failed-' + request.node.name)}")
        except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the test failure
            print(f"could not take a screenshot: {exc}")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    # Keep the call phase's report on the item so that `page` can screenshot failures.
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report
