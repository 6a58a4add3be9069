"""Browser tests: Playwright driving the system's Debian chromium against a live server.

They are skipped, loudly, when chromium is not installed; ``make test``
prints the same warning before the run. A browser downloaded by a test
tool is never used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from crossroads.core.browsercheck import chromium_path
from crossroads.testing import PASSWORD, Personas

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls under a running loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: How long, in milliseconds, one step (a click and the page it leads to, a wait) may take
#: before the test fails: on a busy two-core machine a page can take several seconds.
STEP_TIMEOUT = 30000

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if chromium_path() is not None:
        return
    skip = pytest.mark.skip(reason="chromium is not installed: BROWSER TESTS SKIPPED")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        pytest.skip("chromium is not installed: BROWSER TESTS SKIPPED")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(STEP_TIMEOUT)
    page = context.new_page()
    page.base_url = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def click_and_load(page: Any, selector: str, timeout: float | None = None) -> None:
    """Click ``selector``, which leads to another page (a link, or a form's button), and wait
    until that page has loaded.

    A click does not wait for the page it leads to to load: a read straight after it
    (``count()``, ``is_visible``, ``inner_text`` of an element that the old page has too,
    ``page.url``, the database) can see the old page, or the new one half parsed, and a
    ``goto`` straight after it can cancel the request. ``timeout``, in milliseconds, is for
    a page that takes long to answer (:data:`STEP_TIMEOUT` otherwise).
    """
    with page.expect_navigation(wait_until="load", timeout=timeout):
        page.click(selector, timeout=timeout)


def sign_in(page: Any, username: str) -> None:
    """Sign in through the form."""
    page.goto(f"{page.base_url}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{page.base_url}/")


@pytest.fixture
def signed_in_caseworker(page: Any, personas: Personas) -> Any:
    sign_in(page, personas.caseworker_a.username)
    return page
