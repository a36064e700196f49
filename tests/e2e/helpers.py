"""Helpers for browser tests: sign in, switch language, take screenshots.

Usage in a test module under tests/e2e/:

    from .helpers import login

    def test_it_shows_my_tasks(page, live_url, world):
        login(page, live_url, "org_a_editor", PASSWORD)
        page.goto(f"{live_url}/plans/tasks/assigned/")
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["login", "logout", "set_language", "screenshot", "LOGIN_PATH"]

LOGIN_PATH = "/accounts/login/"
ARTIFACTS = Path(os.environ.get("PCKB_E2E_ARTIFACTS") or Path(tempfile.gettempdir()) / "pckb-e2e")


def login(page: Any, live_url: str, username: str, password: str) -> None:
    """Sign in through the login page like a user would, and check that it worked."""
    page.goto(f"{live_url}{LOGIN_PATH}")
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='username']").fill(username)
    form.locator("input[name='password']").fill(password)
    form.locator("[type='submit']").first.click()
    page.wait_for_load_state("domcontentloaded")
    if LOGIN_PATH in page.url:
        raise AssertionError(f"login as {username!r} failed; the page says: {page.inner_text('body')[:500]}")


def logout(page: Any) -> None:
    """Sign out through the sign-out form of the navigation bar (a POST, as Django requires)."""
    page.locator("form[action*='logout'] [type='submit']").first.click(force=True)
    page.wait_for_load_state("domcontentloaded")


def set_language(page: Any, code: str) -> None:
    """Switch the interface language with the page's own language switch (Django's set_language).

    Clicks the visible button of that language; when the switch sits in a collapsed menu, submits the
    same form (with its CSRF token) for that language instead.
    """
    buttons = page.locator(f"form[action*='setlang'] [name='language'][value='{code}']")
    visible = [button for button in buttons.all() if button.is_visible()]
    if visible:
        visible[0].click()
    else:
        form = page.locator("form[action*='setlang']").first
        form.evaluate(
            """(form, code) => {
                const field = document.createElement("input");
                field.type = "hidden"; field.name = "language"; field.value = code;
                form.querySelectorAll("[name='language']").forEach((el) => el.removeAttribute("name"));
                form.appendChild(field);
                form.submit();
            }""",
            code,
        )
    page.wait_for_function("(code) => document.documentElement.lang.startsWith(code)", arg=code)
    page.wait_for_load_state("domcontentloaded")


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG (the full page, or the first screen) under /tmp/pckb-e2e (or $PCKB_E2E_ARTIFACTS)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(target), full_page=full_page)
    return target
