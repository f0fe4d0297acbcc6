import json

import pytest
from django.test import Client

from buurtkracht.accounts.models import ApiToken
from buurtkracht.accounts.services import create_token, revoke_token

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_valid_token_authenticates_and_records_its_use(cast):
    token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Koppeling")
    response = Client().get("/api/v1/me/", **bearer(secret))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "manager_a@example.org"
    assert body["memberships"] == [
        {
            "id": body["memberships"][0]["id"],
            "role": "house_manager",
            "role_label": "beheerder",
            "scope_type": "house",
            "scope_id": cast.house_a.pk,
            "scope_name": "Huis A",
        }
    ]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("kind", ["revoked", "wrong", "no prefix", "deactivated person", "none"])
def test_a_revoked_wrong_or_missing_token_is_refused(cast, kind):
    token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Koppeling")
    headers = bearer(secret)
    if kind == "revoked":
        revoke_token(token, actor=cast.manager_a)
    elif kind == "wrong":
        headers = bearer(secret[:-2] + "xx")
    elif kind == "no prefix":
        headers = bearer(secret[3:])
    elif kind == "deactivated person":
        cast.manager_a.is_active = False
        cast.manager_a.save()
    elif kind == "none":
        headers = {}
    response = Client().get("/api/v1/me/", **headers)
    assert response.status_code == 401
    assert response.json()["message"]


def test_tokens_are_listed_created_and_revoked_through_the_api(cast):
    _token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Eerste")
    client = Client()
    response = client.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "Tweede"}), content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 201
    created = response.json()
    assert created["secret"].startswith("bk_") and created["hint"] == created["secret"][:10]
    listed = client.get("/api/v1/me/tokens", **bearer(secret)).json()
    assert {t["name"] for t in listed} == {"Eerste", "Tweede"}
    assert all("secret" not in t and "key_hash" not in t for t in listed)
    response = client.delete(f"/api/v1/me/tokens/{created['id']}", **bearer(secret))
    assert response.status_code == 200 and response.json()["revoked_at"]
    assert client.get("/api/v1/me/", **bearer(created["secret"])).status_code == 401


@pytest.mark.parametrize("payload", [{"name": ""}, {}, {"name": "x" * 101}, {"name": 5}])
def test_a_bad_token_name_is_refused_through_the_api(cast, payload):
    _token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Eerste")
    response = Client().post(
        "/api/v1/me/tokens", data=json.dumps(payload), content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 422
    assert response.json()["message"]
    assert ApiToken.objects.count() == 1


def test_a_token_of_someone_else_cannot_be_revoked(cast):
    other, _ = create_token(actor=cast.manager_b, user=cast.manager_b, name="Van B")
    _token, secret = create_token(actor=cast.manager_a, user=cast.manager_a, name="Van A")
    assert Client().delete(f"/api/v1/me/tokens/{other.pk}", **bearer(secret)).status_code == 404
    assert Client().delete(f"/api/v1/me/tokens/{2**63}", **bearer(secret)).status_code == 422
    other.refresh_from_db()
    assert other.revoked_at is None
