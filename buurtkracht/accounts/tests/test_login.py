from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from buurtkracht.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
ACCOUNTS_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_a_person_logs_in_with_email_and_password_through_allauths_form(cast, client):
    response = client.post(reverse("account_login"), {"login": "Manager_A@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert int(client.session["_auth_user_id"]) == cast.manager_a.pk
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(cast, client):
    response = client.post(reverse("account_login"), {"login": "manager_a@example.org", "password": "not the password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_login_sets_the_persons_language(cast, client):
    User.objects.filter(pk=cast.manager_a.pk).update(language="en")
    response = client.post(reverse("account_login"), {"login": "manager_a@example.org", "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("core:dashboard")).content.decode()
    assert '<html lang="en">' in page


def test_an_erased_or_deactivated_account_cannot_log_in(cast, client):
    User.objects.filter(pk=cast.manager_a.pk).update(is_active=False)
    client.post(reverse("account_login"), {"login": "manager_a@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def _renders_in_house_style(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    assert 'class="site-header"' in page, f"{path} does not use base.html"
    assert 'id="main"' in page
    return page


def _allauth_pages(client):
    page = _renders_in_house_style(client, reverse("account_login"))
    assert 'class="button"' in page
    assert '<label for="id_login">' in page and '<label for="id_password">' in page
    response = client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "x"})
    error_page = response.content.decode()
    assert 'class="error-summary"' in error_page
    assert "<title>Fout:" in error_page
    summary = error_page.split('class="error-summary"')[1].split("</div>")[0]
    assert "<li>" in summary  # the message itself ("e-mailadres en/of wachtwoord …") is in the summary
    response = client.post(reverse("account_signup"), {"email": "not-an-address", "password1": "", "password2": ""})
    signup = response.content.decode()
    assert 'aria-invalid="true"' in signup and "form-field--error" in signup
    _renders_in_house_style(client, reverse("account_signup"))
    _renders_in_house_style(client, reverse("account_reset_password"))


def test_allauth_pages_render_in_the_house_style_with_accessible_errors(cast, client):
    """Needs buurtkracht.accounts above allauth in INSTALLED_APPS (so our allauth/… templates win)."""
    _allauth_pages(client)


def test_our_allauth_templates_work_when_they_are_found_first(cast, client):
    """The templates themselves, whatever the app order: put our directory first."""
    templates = [{**settings.TEMPLATES[0], "DIRS": [ACCOUNTS_TEMPLATES]}]
    with override_settings(TEMPLATES=templates):
        _allauth_pages(client)
        EmailAddress.objects.create(user=cast.manager_a, email=cast.manager_a.email, verified=True, primary=True)
        client.post(reverse("account_login"), {"login": cast.manager_a.email, "password": PASSWORD})
        for name in ("account_email", "account_change_password", "mfa_index", "account_reauthenticate"):
            page = _renders_in_house_style(client, reverse(name))
            assert "Mijn account" in page  # the way back to the account page
        # turning on two-step verification asks for the password again, then shows the QR code
        assert client.get(reverse("mfa_activate_totp")).status_code == 302
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        page = _renders_in_house_style(client, reverse("mfa_activate_totp"))
        assert "<img" in page and 'class="button"' in page
