"""Authentication at the door of every operation, checked by sending requests (not only by reading the
document): without credentials, with a wrong, revoked, expired or deactivated token, every protected operation
answers 401 before it reads any input; a read-only token gets 403 on every write, as every role; a session
without a CSRF token cannot write; public operations never ask."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from buurtkracht.accounts.models import ApiToken
from buurtkracht.api import api
from tests.api.support import (
    FUZZ_ROLES,
    WRITE_METHODS,
    bearer,
    fill,
    is_public,
    make_token,
    operations,
    path_parameters,
)

SAMPLE = {"slug": "huis-a", "country": "NL", "kind": "district", "code": "WK999901"}


def _sample_path(path: str) -> str:
    return fill(path, {name: SAMPLE.get(name, 1) for name in path_parameters(path)})


def _send(client: Client, method: str, path: str, **extra):
    if method in WRITE_METHODS:
        return getattr(client, method)(path, data=json.dumps({}), content_type="application/json", **extra)
    return getattr(client, method)(path, **extra)


@pytest.fixture(scope="module")
def openapi():
    return api.get_openapi_schema()


@pytest.fixture
def bad_tokens(cast) -> dict[str, str]:
    revoked, revoked_raw = make_token(cast.manager_a, name="revoked")
    revoked.revoked_at = timezone.now()
    revoked.save(update_fields=["revoked_at"])
    inactive = cast.volunteer_a
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    _, inactive_raw = make_token(inactive, name="inactive user")
    expired, expired_raw = make_token(cast.manager_a, name="expired")
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save(update_fields=["expires_at"])
    return {
        "none": None,
        "unknown token": "bk_" + "x" * 43,
        "wrong prefix": "xx_" + make_token(cast.manager_a)[1][3:],
        "revoked token": revoked_raw,
        "expired token": expired_raw,
        "token of a deactivated person": inactive_raw,
        "overlong token": "bk_" + "y" * 5000,
    }


@pytest.mark.django_db
def test_protected_operations_answer_401_without_valid_credentials(openapi, bad_tokens, client):
    problems = []
    for method, path, operation in operations(openapi):
        if is_public(operation):
            continue
        url = _sample_path(path)
        for label, raw in bad_tokens.items():
            response = _send(client, method, url, **bearer(raw))
            if response.status_code != 401:
                problems.append(f"{method.upper()} {url} with {label}: {response.status_code}, expected 401")
            elif "message" not in response.json():
                problems.append(f"{method.upper()} {url} with {label}: 401 without a message")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_public_operations_never_ask_for_credentials(openapi, bad_tokens, client):
    """A public operation answers the same to nobody and to a wrong token: never 401 (a wrong token is
    treated as the anonymous visitor) and never a server error."""
    problems = []
    for method, path, operation in operations(openapi):
        if not is_public(operation):
            continue
        url = _sample_path(path)
        for label in ("none", "unknown token", "revoked token", "expired token"):
            status = _send(client, method, url, **bearer(bad_tokens[label])).status_code
            if status == 401 or status >= 500:
                problems.append(f"{method.upper()} {url} with {label}: {status}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_session_writes_without_csrf_token_are_refused(openapi, cast):
    """A logged-in browser session cannot be ridden by another site: writes need the CSRF token (bearer tokens
    need none, which is why the fuzzer uses them)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.admin)
    problems = []
    for method, path, operation in operations(openapi):
        if method not in WRITE_METHODS or is_public(operation):
            continue
        url = _sample_path(path)
        status = _send(client, method, url).status_code
        if status not in {401, 403}:
            problems.append(f"{method.upper()} {url}: {status}, expected 401 or 403")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_a_valid_token_is_accepted_and_marks_its_use(cast, client):
    token, raw = make_token(cast.manager_a)
    response = client.get("/api/v1/me/", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["email"] == cast.manager_a.email
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(FUZZ_ROLES))
def test_a_read_only_token_gets_403_on_every_write_as_every_role(openapi, cast, client, role):
    """Every protected POST, PUT, PATCH and DELETE refuses a read-only token with 403 and a clear message before
    it reads any input; its reads are let through like a full token's. The public writes (sign-up and its
    confirmation) ignore any token and answer as they answer the anonymous visitor."""
    token, raw = make_token(cast[FUZZ_ROLES[role]], name="read only")
    token.read_only = True
    token.save(update_fields=["read_only"])
    problems = []
    for method, path, operation in operations(openapi):
        url = _sample_path(path)
        response = _send(client, method, url, **bearer(raw))
        if method in WRITE_METHODS and is_public(operation):
            anonymous = _send(client, method, url)
            if response.status_code != anonymous.status_code:
                problems.append(f"{method.upper()} {url}: {response.status_code}, anonymous {anonymous.status_code}")
        elif method in WRITE_METHODS:
            if response.status_code != 403:
                problems.append(f"{method.upper()} {url}: {response.status_code}, expected 403")
            elif "Deze sleutel mag alleen lezen." not in response.json().get("message", ""):
                problems.append(f"{method.upper()} {url}: 403 without the read-only message")
        elif response.status_code in {401, 403} and "alleen lezen" in response.content.decode():
            problems.append(f"{method.upper()} {url}: a read refused for the read-only token")
    assert not problems, "\n".join(problems)
    assert ApiToken.objects.filter(user=token.user).count() == 1
