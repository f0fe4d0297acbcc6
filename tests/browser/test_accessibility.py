"""Every demo role logs in through the real form; every main page passes axe (no serious or critical
violation of WCAG 2.0/2.1 A and AA), has its basics right, starts with a working skip link and reflows at 360 px.
"""

import pytest

from tests.browser.pages import ROLES, log_in, open_page, page_cases, role_cases
from tests.browser.support import (
    axe_violations,
    blocking,
    describe_violations,
    overflow,
    page_basics,
    skip_without_chromium,
    squeezed_text,
    unlabelled_scroll_regions,
)

skip_without_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("role", ROLES)
def test_each_demo_role_logs_in_through_the_login_form(new_page, role):
    page = new_page(fresh=True)
    log_in(page, role)
    assert page.url.endswith("/dashboard/")
    assert page.locator("h1").count() == 1
    # the header now offers to log out instead of to log in
    assert page.locator("header form[action*='logout'] button").count() == 1


def test_a_wrong_password_is_refused_with_a_message(new_page):
    page = new_page(fresh=True)
    page.goto("/account/login/")
    form = page.locator("form").filter(has=page.locator("input[type=password]"))
    form.locator("input[name=login]").fill("manager@demo.buurtkracht.nl")
    form.locator("input[type=password]").fill("not the password")
    form.locator("input[type=password]").press("Enter")
    page.wait_for_load_state()
    assert "/account/login" in page.url
    assert page.get_by_text("wachtwoord", exact=False).count() >= 1


@pytest.mark.parametrize(("role", "page_spec"), role_cases("axe"))
def test_page_has_no_serious_or_critical_axe_violations(new_page, role, page_spec):
    page = open_page(new_page, role, page_spec)
    found = blocking(axe_violations(page))
    assert not found, f"{page_spec.owner}\n" + describe_violations(found, f"{page.url} as {role}")


@pytest.mark.parametrize(("role", "page_spec"), page_cases("basics"))
def test_page_has_lang_title_one_h1_and_unique_ids(new_page, role, page_spec):
    page = open_page(new_page, role, page_spec)
    assert page_basics(page) == [], f"{page_spec.owner} ({page.url})"


@pytest.mark.parametrize(("role", "page_spec"), page_cases("keyboard"))
def test_skip_link_is_the_first_tab_stop_and_lands_in_main(new_page, role, page_spec):
    page = open_page(new_page, role, page_spec)
    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href'),"
        " text: document.activeElement.textContent.trim()})"
    )
    assert "skip-link" in first["cls"] and first["href"] == "#main", f"first Tab stop is {first}"
    box = page.evaluate("() => { const r = document.activeElement.getBoundingClientRect(); return r.width * r.height }")
    assert box > 0, "the skip link must be visible when it has focus"
    page.keyboard.press("Enter")
    in_main = page.evaluate("() => !!document.activeElement.closest('main') || document.activeElement.id === 'main'")
    assert in_main, "after the skip link, focus must be in <main>"
    page.keyboard.press("Tab")
    after_main = page.evaluate(
        "() => { const main = document.querySelector('main'); const el = document.activeElement;"
        " return main.contains(el) || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    )
    assert after_main, "the next Tab after skipping must go on from <main>, not back to the header"


@pytest.mark.parametrize(("role", "page_spec"), page_cases("reflow"))
def test_page_reflows_at_360_px_without_horizontal_scrolling(new_page, role, page_spec):
    page = open_page(new_page, role, page_spec, width=360, height=740)
    result = overflow(page, 360)
    assert result["scrollWidth"] <= 360, f"{page_spec.owner}: page is {result['scrollWidth']} px wide: {result['wide']}"
    assert unlabelled_scroll_regions(page) == [], f"{page_spec.owner}: scroll regions need a label and tabindex=0"
    assert squeezed_text(page) == [], f"{page_spec.owner}: text squeezed into a narrow column at 360 px"
