"""The pages of accounts and organisations, and allauth's pages in our layout, in a real browser: no serious
or critical axe violation, the basics (lang, title, one h1, unique ids), no sideways scrolling at 360 px and
labelled scroll regions. Skipped without Chromium."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    axe_violations,
    blocking,
    describe_violations,
    overflow,
    page_basics,
    skip_without_chromium,
    unlabelled_scroll_regions,
)

skip_without_chromium()

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ACCOUNTS_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture
def browse(live_server, cast, settings):
    """``browse(user, width)`` gives a Playwright page logged in as ``user`` (``None``: anonymous)."""
    from django.test import Client
    from playwright.sync_api import sync_playwright

    # our allauth/… templates first, as they will be once accounts is listed above allauth in INSTALLED_APPS
    settings.TEMPLATES = [{**django_settings.TEMPLATES[0], "DIRS": [ACCOUNTS_TEMPLATES]}]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def make(user, width):
            context = browser.new_context(
                base_url=live_server.url, viewport={"width": width, "height": 900}, locale="nl-NL"
            )
            if user is not None:
                client = Client()
                client.force_login(user)
                cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
                context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
            return context.new_page()

        yield make
        browser.close()


def check(page, width) -> list[str]:
    problems = []
    found = blocking(axe_violations(page))
    if found:
        problems.append(describe_violations(found, page.url))
    problems += [f"{page.url}: {p}" for p in page_basics(page)]
    if width == 360:
        wide = overflow(page, 360)
        if wide["scrollWidth"] > 360:
            problems.append(f"{page.url} scrolls sideways at 360 px: {wide['wide']}")
        if unlabelled_scroll_regions(page):
            problems.append(f"{page.url}: unlabelled scroll region")
    return problems


def visit(page, path, width, problems, *, submit: dict | None = None, button: str = "", errors: bool = True):
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    if submit:
        for selector, value in submit.items():
            page.fill(selector, value)
        with page.expect_navigation():
            if button:
                page.get_by_role("button", name=button, exact=True).click()
            else:
                page.locator("main form[method=post] button[type=submit]").last.click()
        assert (page.locator(".error-summary").count() == 1) is errors, f"{path}: error summary expected: {errors}"
    problems += check(page, width)


@pytest.mark.parametrize("width", [1280, 360])
def test_account_invitation_and_organisation_pages_are_accessible(browse, cast, width):
    from buurtkracht.accounts.services import create_invitation, create_token
    from buurtkracht.organisations.models import Contact

    create_token(actor=cast.coordinator, user=cast.coordinator, name="Agenda-koppeling")
    create_invitation(actor=cast.coordinator, scope=cast.house_a, email="els@example.org", role="house_volunteer")
    _invitation, raw = create_invitation(
        actor=cast.coordinator, scope=cast.network_a, email="new@example.org", role="referrer"
    )
    contact = Contact.objects.create(organisation=cast.organisation_a, name="Jan Jansen", email="jan@example.org")
    org = cast.organisation_a.pk
    problems: list[str] = []

    page = browse(cast.coordinator, width)
    for path in [
        reverse("core:dashboard"),
        reverse("accounts:profile"),
        reverse("accounts:export"),
        reverse("accounts:erase"),
        reverse("accounts:invite", args=["house", "huis-a"]),
        reverse("organisations:list"),
        reverse("organisations:detail", args=[org]),
        reverse("organisations:create"),
        reverse("organisations:edit", args=[org]),
        reverse("organisations:contacts", args=[org]),
        reverse("organisations:contact_edit", args=[org, contact.pk]),
        reverse("accounts:invitation", args=[raw]),
    ]:
        visit(page, path, width, problems)
    # pages with errors: the error summary and the marked fields must pass too
    visit(
        page,
        reverse("accounts:invite", args=["house", "huis-a"]),
        width,
        problems,
        submit={"#id_email": "kapot"},
        button="Uitnodiging sturen",
    )
    visit(page, reverse("accounts:export"), width, problems, submit={"#id_password": "fout wachtwoord"})
    visit(page, reverse("organisations:contacts", args=[org]), width, problems, submit={"#id_email": "kapot"})
    # a new token shown once
    visit(
        page,
        reverse("accounts:profile"),
        width,
        problems,
        submit={"#token_name": "Tweede koppeling"},
        button="Sleutel maken",
        errors=False,
    )
    assert page.locator("code.token-secret").count() == 1

    anonymous = browse(None, width)
    visit(anonymous, reverse("accounts:invitation", args=[raw]), width, problems)
    for name in ("account_login", "account_signup", "account_reset_password"):
        visit(anonymous, reverse(name), width, problems)
    visit(
        anonymous, reverse("account_login"), width, problems, submit={"#id_login": "x@example.org", "#id_password": "x"}
    )
    assert not problems, "\n".join(problems)
