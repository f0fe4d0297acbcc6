"""Security headers on every answer, no inline script or style in any template (the CSP would block it), and the
idle and absolute limits of a logged-in session (core/middleware.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from buurtkracht.core.middleware import LAST_SEEN, STARTED, SecurityHeadersMiddleware, content_security_policy

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


# --- Headers ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/toegankelijkheid/", "/api/v1/networks/", "/api/v1/docs", "/bestaat-niet/"])
def test_every_answer_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Permissions-Policy"] == (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
    )


def test_a_logged_in_page_carries_the_policy_too(cast, client):
    client.force_login(cast.manager_a)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP


def test_report_only_mode_blocks_nothing(settings):
    settings.SECURE_CSP_REPORT_ONLY, settings.SECURE_CSP = settings.SECURE_CSP, {}
    handler = SecurityHeadersMiddleware(lambda request: __import__("django.http").http.HttpResponse("ok"))
    response = handler(RequestFactory().get("/"))
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == CSP


def test_a_view_may_set_its_own_policy():
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    assert SecurityHeadersMiddleware(view)(RequestFactory().get("/"))["Content-Security-Policy"] == "default-src 'none'"


def test_policy_text():
    assert content_security_policy({"a": ["'self'", "data:"], "b": "'none'", "c": True, "d": []}) == (
        "a 'self' data:; b 'none'; c"
    )


# What a policy without 'unsafe-inline' / 'unsafe-eval' blocks. A <script> with src= or of type application/json
# (data, never run) is fine.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"\s(?:data-)?hx-on", re.I), "hx-on attribute (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_holds_inline_script_or_style():
    root = Path(__file__).resolve().parents[2]
    found = []
    for template in sorted(root.glob("*/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(root)}:{line}: {what}")
    assert not found, "The Content-Security-Policy would block:\n" + "\n".join(found)


def test_htmx_runs_without_eval_and_without_its_inline_style(client):
    page = client.get("/").content.decode()
    assert """<meta name="htmx-config" content='{"allowEval": false, "includeIndicatorStyles": false}'>""" in page
    assert 'src="/static/core/buurtkracht.js"' in page


# --- Session lifetime -------------------------------------------------------------------------------------------


def test_login_stamps_the_session(manager, clock):
    assert manager.session[STARTED] == manager.session[LAST_SEEN] == int(clock.now)


def test_a_session_in_use_stays(manager, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    for _ in range(5):
        clock.now += 29 * 60
        assert manager.get(reverse("core:dashboard")).status_code == 200
    assert manager.session[LAST_SEEN] == int(clock.now)


def test_an_idle_session_ends(manager, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    clock.now += 30 * 60 + 1
    response = manager.get(reverse("core:dashboard"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "_auth_user_id" not in manager.session
    messages = [str(m) for m in response.context["messages"]]
    assert any("30 minuten niets" in m for m in messages), messages
    # and it stays ended: the next request is anonymous as well
    assert manager.get(reverse("core:dashboard")).status_code == 302


def test_the_default_idle_limit_is_two_hours(manager, clock, settings):
    assert settings.SESSION_IDLE_MINUTES == 120
    clock.now += 119 * 60
    assert manager.get(reverse("core:dashboard")).status_code == 200
    clock.now += 120 * 60 + 1
    assert manager.get(reverse("core:dashboard")).status_code == 302


def test_no_idle_limit_when_set_to_zero(manager, clock, settings):
    settings.SESSION_IDLE_MINUTES = 0
    clock.now += 10 * 60 * 60
    assert manager.get(reverse("core:dashboard")).status_code == 200


def test_the_absolute_limit_holds_even_for_a_busy_session(manager, clock, settings):
    """Refreshing the last request saves the session, which would push Django's expiry on for ever."""
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_COOKIE_AGE = 12 * 60 * 60
    for _ in range(12 * 3):
        clock.now += 20 * 60
        assert manager.get(reverse("core:dashboard")).status_code == 200
    clock.now += 20 * 60
    response = manager.get(reverse("core:dashboard"), follow=True)
    assert "_auth_user_id" not in manager.session
    assert any("12 uur geleden" in str(m) for m in response.context["messages"])


def test_the_session_is_written_at_most_once_a_minute(manager, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    clock.now += 10
    manager.get(reverse("core:dashboard"))
    stamped = manager.session[LAST_SEEN]
    clock.now += 30
    manager.get(reverse("core:dashboard"))
    assert manager.session[LAST_SEEN] == stamped  # 40 s after login: not refreshed
    clock.now += 30
    manager.get(reverse("core:dashboard"))
    assert manager.session[LAST_SEEN] == int(clock.now)


def test_an_htmx_request_of_an_idle_session_reloads_the_page(manager, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    clock.now += 31 * 60
    response = manager.get(reverse("core:dashboard"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"
    assert "_auth_user_id" not in manager.session


def test_an_idle_session_cannot_use_the_api(manager, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    assert manager.get("/api/v1/me/").status_code == 200
    clock.now += 31 * 60
    assert manager.get("/api/v1/me/").status_code == 401


def test_anonymous_visitors_get_no_stamps(client, clock):
    client.get("/")
    assert LAST_SEEN not in client.session and STARTED not in client.session


def test_a_session_from_before_the_middleware_starts_counting_now(cast, client, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(cast.manager_a)
    session = client.session
    del session[STARTED]
    del session[LAST_SEEN]
    session.save()
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert client.session[STARTED] == client.session[LAST_SEEN] == int(clock.now)
