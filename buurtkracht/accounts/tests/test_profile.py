import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from buurtkracht.accounts.models import ApiToken
from buurtkracht.accounts.services import create_token, update_profile
from buurtkracht.accounts.services.people import MAX_ACTIVE_TOKENS
from buurtkracht.core.models import LogEntry

pytestmark = pytest.mark.django_db


def test_the_account_page_shows_roles_in_words_with_their_place(cast, login):
    page = login(cast.volunteer_a).get(reverse("accounts:profile")).content.decode()
    assert "Mijn account" in page
    assert "Vrijwilliger van" in page and "Huis A" in page
    assert reverse("mfa_index") in page  # two-step verification is one click away
    assert reverse("accounts:export") in page and reverse("accounts:erase") in page


def test_a_person_changes_name_and_language(cast, login):
    client = login(cast.stranger)
    response = client.post(reverse("accounts:profile"), {"name": "  Els   de Vries ", "language": "en"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    cast.stranger.refresh_from_db()
    assert (cast.stranger.name, cast.stranger.language) == ("Els de Vries", "en")
    entry = LogEntry.objects.get(action="accounts.user.changed")
    assert entry.data == {"user_id": cast.stranger.pk, "changed": ["name", "language"]}  # names, not values
    assert "My account" in client.get(reverse("accounts:profile")).content.decode()


def test_a_language_we_do_not_offer_is_refused_and_nothing_saved(cast, login):
    response = login(cast.stranger).post(reverse("accounts:profile"), {"name": "Anders", "language": "fr"})
    assert response.status_code == 422
    assert "<title>Fout:" in response.content.decode()
    cast.stranger.refresh_from_db()
    assert (cast.stranger.name, cast.stranger.language) == ("Stranger", "nl")
    with pytest.raises(ValidationError):
        update_profile(cast.stranger, actor=cast.stranger, name="x" * 151)
    assert not LogEntry.objects.filter(action="accounts.user.changed").exists()


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(cast, login):
    client = login(cast.manager_a)
    response = client.post(reverse("accounts:token_create"), {"name": "Agenda", "days": "90"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:profile")).content.decode()
    secret = page.split('class="token-secret">')[1].split("<")[0]
    assert secret.startswith("bk_") and len(secret) > 40
    token = ApiToken.objects.get(user=cast.manager_a)
    assert token.key_hash == ApiToken.hash(secret) and secret not in token.key_hash
    assert token.hint == secret[:10]
    again = client.get(reverse("accounts:profile")).content.decode()
    assert secret not in again and token.hint in again  # once; afterwards only the hint


def test_a_token_without_a_name_is_refused(cast, login):
    response = login(cast.manager_a).post(reverse("accounts:token_create"), {"name": "   "})
    assert response.status_code == 422
    assert "Geef de sleutel een naam" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_there_is_a_limit_on_active_tokens(cast):
    for n in range(MAX_ACTIVE_TOKENS):
        create_token(actor=cast.stranger, user=cast.stranger, name=f"t{n}")
    with pytest.raises(ValidationError):
        create_token(actor=cast.stranger, user=cast.stranger, name="one too many")
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_a_token_is_revoked_by_its_owner_only(cast, login):
    token, _secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Agenda")
    assert login(cast.manager_b).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert login(cast.manager_a).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert LogEntry.objects.filter(action="accounts.token.revoked").count() == 1
