"""The warning before the idle logout (WCAG 2.1 SC 2.2.1 Timing Adjustable): an accessible dialog, focus on its
button, "Stay signed in" (or Escape) posts to the keepalive endpoint and closes it. The timer itself is not
waited for (two hours); the test opens the dialog through ``window.buurtkracht.showSessionWarning``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.support import axe_violations, blocking, describe_violations, skip_without_chromium

skip_without_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

KEEPALIVE = "/sessie/verlengen/"


def _open_warning(page):
    page.evaluate("() => window.buurtkracht.showSessionWarning()")
    dialog = page.get_by_role("alertdialog", name="Ben je er nog?")
    dialog.wait_for(state="visible")
    return dialog


@pytest.mark.parametrize("width", [1280, 360])
def test_the_warning_is_accessible_and_stay_signed_in_extends_the_session(new_page, width):
    page = new_page("volunteer", width=width, fresh=True)
    page.goto(reverse("core:dashboard"))
    assert not page.locator("#session-warning").is_visible()
    dialog = _open_warning(page)
    text = dialog.locator("#session-warning-text").inner_text()
    assert text.startswith("Over ") and "minuten word je uitgelogd" in text, text
    assert "{time}" not in text
    button = dialog.get_by_role("button", name="Ingelogd blijven")
    assert button.evaluate("(el) => el === document.activeElement")
    violations = blocking(axe_violations(page))
    assert not violations, describe_violations(violations, page.url)
    with page.expect_response(lambda r: r.url.endswith(KEEPALIVE)) as answer:
        button.click()
    assert answer.value.status == 204
    assert answer.value.request.method == "POST"
    assert answer.value.request.headers.get("x-csrftoken")
    assert not page.locator("#session-warning").is_visible()
    # still logged in, still on the dashboard
    page.reload()
    assert page.url.endswith(reverse("core:dashboard"))


def test_escape_closes_the_warning_and_keeps_the_session(new_page):
    page = new_page("manager", language="en", fresh=True)
    page.goto(reverse("core:dashboard"))
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    page.evaluate("() => window.buurtkracht.showSessionWarning()")
    dialog.wait_for(state="visible")
    assert dialog.get_by_role("button", name="Stay signed in").evaluate("(el) => el === document.activeElement")
    with page.expect_response(lambda r: r.url.endswith(KEEPALIVE)) as answer:
        page.keyboard.press("Escape")
    assert answer.value.status == 204
    assert not dialog.is_visible()


def test_no_warning_for_anonymous_visitors(new_page):
    page = new_page("anonymous")
    page.goto("/")
    assert page.locator("#session-warning").count() == 0
    assert page.evaluate("() => typeof (window.buurtkracht || {}).showSessionWarning") == "undefined"
