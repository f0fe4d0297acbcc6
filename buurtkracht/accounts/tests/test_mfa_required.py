"""Staff must set up two-factor authentication when BUURTKRACHT_REQUIRE_STAFF_MFA is on (accounts/mfa_required.py),
and nobody is asked while it is off (the embedded demo)."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from buurtkracht.accounts.mfa_required import needs_mfa_setup
from tests.api.support import bearer, make_token

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
STAFF = ["admin", "coordinator", "officer", "manager_a"]
NOT_STAFF = ["volunteer_a", "contact", "referrer", "provider", "stranger"]


@pytest.fixture
def required(settings):
    settings.BUURTKRACHT_REQUIRE_STAFF_MFA = True


def _totp(user):
    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})


@pytest.mark.parametrize("member", STAFF + NOT_STAFF)
def test_off_nobody_is_sent_to_mfa_setup(cast, client, settings, member):
    assert settings.BUURTKRACHT_REQUIRE_STAFF_MFA is False  # the default: the demo logs in with a password only
    client.force_login(cast[member])
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert not needs_mfa_setup(cast[member])


@pytest.mark.parametrize("member", STAFF)
@pytest.mark.parametrize("url", ["core:dashboard", "core:home", "accounts:profile"])
def test_on_staff_without_an_authenticator_app_go_to_its_setup(cast, client, required, member, url):
    client.force_login(cast[member])
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_on_the_admin_is_closed_too(cast, client, required):
    client.force_login(cast.admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("member", NOT_STAFF)
def test_on_people_without_a_staff_role_are_not_asked(cast, client, required, member):
    client.force_login(cast[member])
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_on_anonymous_visitors_are_not_asked(cast, client, required):
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.parametrize("member", STAFF)
def test_on_staff_with_an_authenticator_app_go_on(cast, client, required, member):
    _totp(cast[member])
    client.force_login(cast[member])
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_recovery_codes_alone_do_not_count(cast, client, required):
    Authenticator.objects.create(user=cast.manager_a, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00"})
    client.force_login(cast.manager_a)
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_on_the_account_pages_stay_open(cast, client, required):
    """Logging out, the MFA pages and the language switch must not send the person round in circles."""
    client.force_login(cast.manager_a)
    for url in [reverse("mfa_activate_totp"), reverse("mfa_index"), reverse("account_email")]:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert response.get("Location") != reverse("mfa_activate_totp"), url
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_on_a_role_granted_later_is_asked_on_the_next_request(cast, client, required):
    from buurtkracht.accounts.models import Membership

    client.force_login(cast.volunteer_a)
    assert client.get(reverse("core:dashboard")).status_code == 200
    Membership.objects.create(user=cast.volunteer_a, role=Membership.Role.HOUSE_MANAGER, house=cast.house_b)
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_on_an_htmx_request_redirects_the_whole_page(cast, client, required):
    client.force_login(cast.coordinator)
    response = client.get(reverse("core:dashboard"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


def test_on_the_api_answers_403_to_a_staff_session(cast, client, required):
    client.force_login(cast.manager_a)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["message"] or "tweestaps" in response.json()["message"]
    # A bearer token is not checked here (documented in docs/security-model.md): it has no session.
    client.logout()
    _token, raw = make_token(cast.manager_a)
    assert client.get("/api/v1/me/", **bearer(raw)).status_code == 200


def test_on_a_manager_logs_in_sets_up_totp_and_goes_on(cast, client, required):
    """The whole way through allauth's own forms: log in, be sent to the setup, scan (compute) a code, done."""
    response = client.post(reverse("account_login"), {"login": "manager_a@example.org", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("core:dashboard"), follow=True)
    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    messages = [str(m) for m in response.context["messages"]]
    assert any("tweestapsverificatie" in m for m in messages), messages
    # allauth asks for the password once more before an authenticator is added
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert response.status_code == 200

    secret = response.context["form"].secret
    counters = list(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))  # the current period
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Authenticator.objects.filter(user=cast.manager_a, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("core:dashboard")).status_code == 200
