"""The idle warning's "Stay signed in" (WCAG 2.1 SC 2.2.1): the keepalive endpoint restarts the idle clock, and
base.html renders the warning (with the idle limit) only for logged-in people."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from buurtkracht.core.middleware import LAST_SEEN

pytestmark = pytest.mark.django_db

KEEPALIVE = "/sessie/verlengen/"


def test_the_url():
    assert reverse("core:session_keepalive") == KEEPALIVE


def test_keepalive_answers_204_and_stamps_the_session(manager, clock):
    clock.now += 30
    response = manager.post(KEEPALIVE)
    assert response.status_code == 204
    assert response.content == b""
    # stamped now, although the middleware alone refreshes at most once a minute
    assert manager.session[LAST_SEEN] == int(clock.now)


def test_keepalive_restarts_the_idle_clock(manager, clock, settings):
    assert settings.SESSION_IDLE_MINUTES == 120
    clock.now += 119 * 60
    assert manager.post(KEEPALIVE).status_code == 204
    clock.now += 119 * 60
    assert manager.get(reverse("core:dashboard")).status_code == 200


def test_without_keepalive_the_session_ends(manager, clock, settings):
    clock.now += 119 * 60
    clock.now += 119 * 60
    response = manager.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_keepalive_after_the_limit_does_not_revive_the_session(manager, clock):
    clock.now += 120 * 60 + 1
    response = manager.post(KEEPALIVE)
    assert response.status_code == 302
    assert "/account/login" in response["Location"]
    assert "_auth_user_id" not in manager.session


def test_keepalive_needs_post(manager):
    assert manager.get(KEEPALIVE).status_code == 405


def test_keepalive_needs_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.manager_a)
    assert client.post(KEEPALIVE).status_code == 403
    client.get(reverse("core:dashboard"))
    token = client.cookies["csrftoken"].value
    assert client.post(KEEPALIVE, HTTP_X_CSRFTOKEN=token).status_code == 204


def test_anonymous_is_sent_to_login(client):
    response = client.post(KEEPALIVE)
    assert response.status_code == 302
    assert "/account/login" in response["Location"]


def test_the_warning_is_rendered_for_logged_in_people_only(cast, client, settings):
    settings.SESSION_IDLE_MINUTES = 45
    page = client.get("/").content.decode()
    assert "session-warning" not in page
    assert "data-session-idle-minutes" not in page
    client.force_login(cast.volunteer_a)
    page = client.get("/").content.decode()
    assert 'data-session-idle-minutes="45"' in page
    assert f'data-session-keepalive-url="{KEEPALIVE}"' in page
    assert 'role="alertdialog"' in page
    assert "{time}" in page  # the placeholder the script fills in
    assert "Ingelogd blijven" in page


def test_no_warning_without_an_idle_limit(cast, client, settings):
    settings.SESSION_IDLE_MINUTES = 0
    client.force_login(cast.volunteer_a)
    assert "data-session-idle-minutes" not in client.get("/").content.decode()
