"""The import pages in a real browser: no serious or critical axe violations, no sideways scrolling at
360 px, and focus on the error summary when the file has errors. Skipped without Chromium."""

import pytest

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    axe_violations,
    blocking,
    describe_violations,
    overflow,
    skip_without_chromium,
)

skip_without_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough password"


@pytest.fixture
def coordinator_page(live_server, settings, tmp_path):
    from playwright.sync_api import sync_playwright

    from buurtkracht.accounts.models import Membership, User
    from buurtkracht.imports.tests.helpers import make_geography
    from buurtkracht.networks.tests.factories import NetworkFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_geography()
    network = NetworkFactory(name="Netwerk A", slug="netwerk-a")
    user = User.objects.create_user("coordinator@example.org", PASSWORD, name="Coco")
    Membership.objects.create(user=user, role=Membership.Role.NETWORK_COORDINATOR, network=network)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def make(width: int):
            page = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900}).new_page()
            page.goto("/account/login/")
            form = page.locator("form").filter(has=page.locator("input[type=password]"))
            form.locator("input[name=login]").fill("coordinator@example.org")
            form.locator("input[type=password]").fill(PASSWORD)
            with page.expect_navigation():
                form.locator("input[type=password]").press("Enter")
            return page

        yield make
        browser.close()


def _check(page, width, problems):
    found = blocking(axe_violations(page))
    if found:
        problems.append(describe_violations(found, page.url))
    if width == 360 and overflow(page, 360)["wide"]:
        problems.append(f"{page.url} scrolls sideways at 360 px: {overflow(page, 360)}")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_import_pages_are_accessible(coordinator_page, tmp_path, width):
    from buurtkracht.imports.tests.helpers import csv_bytes, good_rows, row

    files = {
        "columns.csv": b"huis;plaats\r\nDe Haard;Oss\r\n",
        "errors.csv": csv_bytes([*good_rows(), row(huis="Het Anker", postcode="9999", zaal="Zaal", capaciteit="veel")]),
        "good.csv": csv_bytes(good_rows()),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    page, problems = coordinator_page(width), []

    def submit(name):
        page.set_input_files("#id_file", str(tmp_path / name))
        with page.expect_navigation():
            page.get_by_role("button", name="Bestand controleren").click()

    page.goto("/netwerken/netwerk-a/import/")
    _check(page, width, problems)
    submit("columns.csv")
    assert page.title().startswith("Fout: ")
    _check(page, width, problems)
    submit("errors.csv")
    assert page.title().startswith("Fout: ")
    assert page.evaluate("document.activeElement.id") == "foutoverzicht"
    _check(page, width, problems)
    submit("good.csv")
    _check(page, width, problems)
    with page.expect_navigation():
        page.get_by_role("button", name="3 huizen importeren").click()
    assert page.locator("h1").inner_text() == "Import klaar"
    _check(page, width, problems)
    assert not problems, "\n".join(problems)
