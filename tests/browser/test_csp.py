"""The Content-Security-Policy in a real browser: it blocks inline script (and the console hook of ``conftest.py``
notices), while the pages that used inline code before keep working: htmx marks results busy without ``hx-on``,
the network map and occupancy bars keep their look without inline style, and the API docs render."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser import conftest
from tests.browser.pages import HAARD, OSS
from tests.browser.support import skip_without_chromium

skip_without_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def window(browser, demo_server):
    context = browser.new_context(base_url=demo_server, viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_policy_blocks_inline_script_and_the_console_hook_sees_it(window):
    """The control: without it, a hook that never fires would make every other browser test pass vacuously."""
    window.goto("/")
    with pytest.raises(Exception):  # noqa: B017, PT011 - Playwright raises its own Error when the tag is refused
        window.add_script_tag(content="window.__inline = 1;")
    window.wait_for_timeout(200)
    assert window.evaluate("typeof window.__inline") == "undefined"
    assert any("script" in v for v in conftest.CSP_VIOLATIONS), conftest.CSP_VIOLATIONS
    conftest.CSP_VIOLATIONS.clear()  # expected here; any other test with a violation fails


def test_htmx_search_marks_the_results_busy_without_inline_handlers(window):
    window.goto(reverse("networks:overview", args=(OSS,)))
    window.evaluate(
        """() => {
          window.__busy = [];
          new MutationObserver(() => window.__busy.push(document.getElementById('results').getAttribute('aria-busy')))
            .observe(document.getElementById('results'), {attributes: true, attributeFilter: ['aria-busy']});
        }"""
    )
    with window.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        window.get_by_role("button", name="Huizen tonen").click()
    window.wait_for_function("() => !document.getElementById('results').hasAttribute('aria-busy')")
    assert window.evaluate("window.__busy") == ["true", None]


def test_the_network_map_keeps_its_style(window):
    window.goto(reverse("networks:overview", args=(OSS,)) + "?map=1")
    dot = window.locator(".network-map__dot").first
    assert dot.evaluate("(el) => getComputedStyle(el).fill") == "rgb(11, 83, 148)"
    figure_margin = window.locator("figure.network-map").evaluate("(el) => getComputedStyle(el).marginBottom")
    assert figure_margin == "24px"


def test_occupancy_bars_are_drawn_without_inline_style(new_page):
    page = new_page("manager")
    page.goto(reverse("bookings:occupancy", args=(HAARD,)) + "?periode=jaar")
    bars = page.locator("svg.occupancy-bar rect")
    assert bars.count() > 0
    assert bars.first.evaluate("(el) => getComputedStyle(el).fill") != "none"


def test_the_api_docs_render_under_the_policy(window):
    window.goto("/api/v1/docs")
    window.locator(".swagger-ui .info .title").wait_for()
    assert "Buurtkracht API" in window.locator(".swagger-ui .info .title").inner_text()
