"""Browser tests: Playwright drives Debian's headless Chromium against pytest-django's live server.

Fixtures: `browser` (one Chromium for the whole run, see `_SharedChromium`), `page` (a fresh
browser context per test, opened on the live server, screenshotted into test-artifacts/ when the
test ends) and `login_as(user)`, which signs in through the real login form with
tests.conftest.PASSWORD.

Playwright's own browser download does not work on our machines, so the tests use the Debian
package (`apt-get install chromium`). Without it they skip locally and fail when CI is set.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The machines have no network but the package registries: Chromium must not try to phone home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here `browser`, so `pytest -m "not browser"` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


class _SharedChromium:
    """One Playwright and one Chromium for the whole run, started by the first test that needs
    them and stopped at the end of the run, or before any test that does not.

    Starting them cost about two seconds per package of browser tests. tests/conftest.py runs the
    browser tests last (they were already among the last: live_server makes them transactional),
    so nothing else runs while Playwright is up; and it stops Playwright before any test that
    does not use it, should the order ever be different.

    Playwright's sync API runs an asyncio event loop in this (the test) thread for as long as it
    is started. Django sees that running loop and refuses ORM calls from the thread
    (SynchronousOnlyOperation): the fixtures that create users, and pytest-django's database
    teardown. They are plain synchronous code that never runs on that loop, so the check is a
    false alarm here. The live server handles requests in its own thread, where the check still
    applies. The flag is set only while Playwright is up, then restored.
    """

    def __init__(self) -> None:
        self._manager = None
        self.playwright = None
        self.browser = None
        self._previous_flag: str | None = None

    def start(self):
        if self.browser is not None:
            return self.browser
        if not CHROMIUM.exists():
            message = f"{CHROMIUM} is missing (apt-get install chromium)"
            if os.environ.get("CI"):
                pytest.fail(f"{message}, and CI is set: browser tests are mandatory in CI")
            pytest.skip(message)
        from playwright.sync_api import sync_playwright

        self._previous_flag = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        try:
            self._manager = sync_playwright()
            self.playwright = self._manager.start()
            self.browser = self.playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
        except BaseException:
            self.stop()
            raise
        return self.browser

    def stop(self) -> None:
        if self._manager is None:
            return
        try:
            if self.browser is not None:
                self.browser.close()
        finally:
            try:
                if self.playwright is not None:
                    self.playwright.stop()
            finally:
                self._manager = self.playwright = self.browser = None
                if self._previous_flag is None:
                    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
                else:
                    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._previous_flag


shared_chromium = _SharedChromium()


def uses_browser(item: pytest.Item) -> bool:
    return "browser" in getattr(item, "fixturenames", ())


@pytest.fixture
def _playwright():
    """Playwright, as the shared Chromium was started with (kept for the packages importing it)."""
    shared_chromium.start()
    return shared_chromium.playwright


@pytest.fixture
def browser(_playwright):
    """The one Chromium of this run; each test opens its own context (own cookies)."""
    return shared_chromium.browser


@pytest.fixture
def page(browser, live_server, request) -> Iterator:
    """A fresh page (own cookies) on the live server; relative URLs like "/login/" work."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.removeprefix("tests/browser/"))
    try:
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    finally:
        context.close()


@pytest.fixture
def login_as(page) -> Callable:
    """Sign `user` in through the login form, as a person would; returns the page."""

    def login(user, password: str = PASSWORD):
        page.goto("/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return login
