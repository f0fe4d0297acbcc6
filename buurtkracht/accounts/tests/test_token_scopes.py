"""API tokens end: 30, 90 or 365 days (90 unless chosen), an expired token answers 401 like a revoked one; a
read-only token reads but gets 403 with a clear message on every other method, and cannot make a full token."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buurtkracht.accounts.models import ApiToken
from buurtkracht.accounts.services import create_token
from buurtkracht.core.models import LogEntry

pytestmark = pytest.mark.django_db

READ_ONLY_MESSAGE = "Deze sleutel mag alleen lezen."


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_new_token_works_for_90_days_unless_chosen_otherwise(cast):
    before = timezone.now()
    token, _ = create_token(actor=cast.stranger, user=cast.stranger, name="Standaard")
    assert timedelta(days=90) <= token.expires_at - before < timedelta(days=90, minutes=1)
    assert token.read_only is False
    year, _ = create_token(actor=cast.stranger, user=cast.stranger, name="Jaar", days=365, read_only=True)
    assert timedelta(days=365) <= year.expires_at - before < timedelta(days=365, minutes=1)
    entry = LogEntry.objects.filter(action="accounts.token.created").order_by("pk").last()
    assert entry.data["days"] == 365 and entry.data["read_only"] is True


@pytest.mark.parametrize("days", [0, 7, 89, 1000, None])
def test_other_lifetimes_are_refused(cast, days):
    with pytest.raises(ValidationError) as caught:
        create_token(actor=cast.stranger, user=cast.stranger, name="Raar", days=days)
    assert "days" in caught.value.message_dict
    assert not ApiToken.objects.exists()


def test_the_profile_form_sets_lifetime_and_scope_and_the_list_shows_them(cast, login):
    client = login(cast.manager_a)
    response = client.post(reverse("accounts:token_create"), {"name": "Rapport", "days": "30", "read_only": "on"})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=cast.manager_a)
    assert token.read_only is True
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Hij mag alleen lezen en werkt tot" in page
    assert "<td>alleen lezen</td>" in page
    assert f"<td>{timezone.localtime(token.expires_at):%-d} " in page


def test_the_form_refuses_a_lifetime_not_offered(cast, login):
    response = login(cast.manager_a).post(reverse("accounts:token_create"), {"name": "Eeuwig", "days": "9999"})
    assert response.status_code == 422
    assert "Kies 30, 90 of 365 dagen." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_marks_expired_tokens_and_old_tokens_without_an_end(cast, login):
    expired, _ = create_token(actor=cast.manager_a, user=cast.manager_a, name="Oud")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    endless, _ = create_token(actor=cast.manager_a, user=cast.manager_a, name="Van vroeger")
    ApiToken.objects.filter(pk=endless.pk).update(expires_at=None)
    page = login(cast.manager_a).get(reverse("accounts:profile")).content.decode()
    assert "verlopen" in page
    assert "geen einddatum" in page
    assert "<td>lezen en wijzigen</td>" in page


def test_an_expired_token_answers_401_like_a_revoked_one(cast):
    token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Koppeling", days=30)
    assert Client().get("/api/v1/me/", **bearer(secret)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get("/api/v1/me/", **bearer(secret))
    assert response.status_code == 401
    assert response.json()["message"]
    assert not ApiToken.objects.active().filter(pk=token.pk).exists()


def test_a_token_without_an_end_date_keeps_working(cast):
    token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Van vroeger")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    assert Client().get("/api/v1/me/", **bearer(secret)).status_code == 200


def test_a_read_only_token_reads_but_may_not_write(cast):
    _token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Lezer", read_only=True)
    client = Client()
    assert client.get("/api/v1/me/tokens", **bearer(secret)).status_code == 200
    assert client.head("/api/v1/me/", **bearer(secret)).status_code in {200, 405}
    response = client.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "Volledig"}), content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 403
    assert READ_ONLY_MESSAGE in response.json()["message"]
    assert ApiToken.objects.count() == 1, "a read-only token cannot make itself a full token"
    response = client.patch(
        f"/api/v1/houses/{cast.house_a.slug}",
        data=json.dumps({"phone": "0412 999 999"}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 403
    assert READ_ONLY_MESSAGE in response.json()["message"]
    cast.house_a.refresh_from_db()
    assert cast.house_a.phone != "0412 999 999"


def test_the_same_write_works_with_a_full_token(cast):
    _token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Schrijver")
    response = Client().patch(
        f"/api/v1/houses/{cast.house_a.slug}",
        data=json.dumps({"phone": "0412 999 999"}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 200
    cast.house_a.refresh_from_db()
    assert cast.house_a.phone == "0412 999 999"


def test_the_api_creates_tokens_with_lifetime_and_scope(cast):
    _token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Eerste")
    client = Client()
    response = client.post(
        "/api/v1/me/tokens",
        data=json.dumps({"name": "Tweede", "days": 365, "read_only": True}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["read_only"] is True and body["expires_at"]
    listed = {t["name"]: t for t in client.get("/api/v1/me/tokens", **bearer(secret)).json()}
    assert listed["Eerste"]["read_only"] is False
    response = client.post(
        "/api/v1/me/tokens",
        data=json.dumps({"name": "Derde", "days": 10}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 422
