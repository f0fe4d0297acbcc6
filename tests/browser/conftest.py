"""Fixtures of the browser tests: the demo in the test database, a live server and headless Chromium.

The demo (reference data included) is loaded once for the whole ``tests/browser`` package and committed, so
the live server's thread sees it; each demo role logs in once through the real login form and its cookies are
reused. When the package is done the database is flushed and the rows the migrations had seeded (facility
catalogue, content types, …) are restored, like Django's ``serialized_rollback``. The server is pytest-django's
own ``LiveServer`` (what its ``live_server`` fixture runs), started here at package scope because the
``live_server`` fixture makes every test transactional and would wipe and reload the demo (7 s) before each
of the ~150 tests. Each test is marked ``django_db``: it runs in a transaction that is rolled back, so what
one test changes through the browser (on SQLite the server shares the test's connection) never leaks.
"""

from __future__ import annotations

import os
from io import StringIO

import pytest

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that this is deliberate. Set only while the browser runs (see ``browser``).
ASYNC_FLAG = "DJANGO_ALLOW_ASYNC_UNSAFE"

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Chromium logs "Refused to … because it violates the following Content Security Policy directive: …" when the
# policy blocks a script, style or other resource. Every browser context reports into this list; any entry fails
# the test that ran (``_no_csp_violations``), whichever fixture made the page.
CSP_REFUSAL = "Content Security Policy"
CSP_VIOLATIONS: list[str] = []


def _watch_csp(context):
    def record(message):
        if CSP_REFUSAL in message.text:
            CSP_VIOLATIONS.append(f"{message.location.get('url', '?')}: {message.text}")

    context.on("console", record)
    return context


@pytest.fixture(autouse=True)
def _no_csp_violations():
    CSP_VIOLATIONS.clear()
    yield
    if CSP_VIOLATIONS:
        found, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
        pytest.fail("The Content-Security-Policy blocked something (browser console):\n" + "\n".join(found))


@pytest.fixture(scope="package")
def demo_server(django_db_setup, django_db_blocker):
    """The live server URL, with the demo loaded. Removed again (flush + restore) after the package."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        if not (connection.is_in_memory_db() if connection.vendor == "sqlite" else "test" in name):
            raise RuntimeError(f"Refusing to load the demo into {name!r}: not a test database.")
        seeded = connection.creation.serialize_db_to_string()
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            call_command("load_demo", stdout=StringIO())
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(seeded)
            if connection.vendor != "sqlite":
                # Under Playwright's sync API this teardown can hold a connection object of its own (seen on
                # PostgreSQL): close it, or the test database cannot be dropped at the end of the session.
                connection.close()


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_FLAG)
    os.environ[ASYNC_FLAG] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            new_context = chromium.new_context
            chromium.new_context = lambda *args, **kwargs: _watch_csp(new_context(*args, **kwargs))
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_FLAG, None)
        else:
            os.environ[ASYNC_FLAG] = previous


@pytest.fixture(scope="package")
def sessions(browser, demo_server, django_db_blocker):
    """Logged-in browser state (cookies) per demo role, made once, before any test's transaction, by
    logging in through the real login form."""
    from django.test import override_settings

    from tests.browser.pages import ROLES, log_in

    states: dict[str, dict | None] = {"anonymous": None}
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        for role in ROLES:
            context = browser.new_context(base_url=demo_server)
            log_in(context.new_page(), role)
            states[role] = context.storage_state()
            context.close()
    return states.__getitem__


@pytest.fixture(scope="package")
def contexts(browser, demo_server, sessions):
    """Browser contexts (cookie jars) per role, window size and language, reused by the tests of the package."""
    cache = {}

    def get(role: str, width: int, height: int, language: str):
        key = (role, width, height, language)
        if key not in cache:
            cache[key] = _context(browser, demo_server, sessions(role), width, height, language)
        return cache[key]

    yield get
    for context in cache.values():
        context.close()


def _context(browser, base_url: str, state, width: int, height: int, language: str):
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": width, "height": height},
        storage_state=state,
        locale="nl-NL" if language == "nl" else "en-GB",
    )
    context.add_cookies([{"name": "buurtkracht_language", "value": language, "url": base_url}])
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def new_page(browser, demo_server, sessions, contexts, settings):
    """``new_page(role, width=1280, height=900, language="nl", fresh=False)``: a page as that demo role.
    Pages of one role, size and language share cookies; ``fresh=True`` gives a context of its own."""
    settings.PASSWORD_HASHERS = FAST_HASHER
    pages, own = [], []

    def make(role: str = "anonymous", *, width: int = 1280, height: int = 900, language: str = "nl", fresh=False):
        if fresh:
            context = _context(browser, demo_server, sessions(role), width, height, language)
            own.append(context)
        else:
            context = contexts(role, width, height, language)
        page = context.new_page()
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()
    for context in own:
        context.close()
