"""Error answers of the JSON API that no single app owns: an unhandled exception answers JSON with an error id
(the traceback only in the log), and text with a NUL character is refused for every operation by the one parser
of the NinjaAPI (``core/api_errors.py``), not by a validator per schema."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.test import RequestFactory

from buurtkracht.accounts.models import ApiToken
from buurtkracht.core.api_errors import NulCharacterError, NulRefusingParser, find_nul
from tests.api.support import bearer, make_token

pytestmark = pytest.mark.django_db

SECRET_SQL = 'SELECT "key_hash" FROM "accounts_apitoken"'


@pytest.fixture
def broken_token_service(monkeypatch):
    """The service behind POST /api/v1/me/tokens raises what a database error would carry: SQL."""
    from buurtkracht.accounts import services

    def explode(**kwargs):
        raise RuntimeError(SECRET_SQL)

    monkeypatch.setattr(services, "create_token", explode)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_an_unhandled_error_answers_json_with_an_error_id(cast, client, settings, caplog, broken_token_service, debug):
    settings.DEBUG = debug  # with DEBUG on, ninja's default answered the traceback as text/plain
    _token, raw = make_token(cast.manager_a)
    with caplog.at_level(logging.ERROR, logger="buurtkracht.api"):
        response = client.post("/api/v1/me/tokens", data=json.dumps({"name": "Website"}),
                               content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **bearer(raw))  # fmt: skip

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message", "detail", "error_id"}
    error_id = str(uuid.UUID(body["error_id"]))
    assert error_id in body["detail"]
    assert body["detail"].startswith("Something went wrong on our side.")
    text = response.content.decode()
    for leak in ("SELECT", "accounts_apitoken", "Traceback", "RuntimeError", "explode"):
        assert leak not in text

    (record,) = [r for r in caplog.records if r.name == "buurtkracht.api"]
    assert record.levelno == logging.ERROR
    assert error_id in record.getMessage()
    assert record.error_id == error_id
    assert record.exc_info[0] is RuntimeError
    assert SECRET_SQL in str(record.exc_info[1])
    assert ApiToken.objects.filter(name="Website").count() == 0


def test_every_unhandled_error_gets_its_own_id(cast, client, broken_token_service):
    _token, raw = make_token(cast.manager_a)
    ids = {
        client.post("/api/v1/me/tokens", data=json.dumps({"name": "x"}), content_type="application/json",
                    **bearer(raw)).json()["error_id"]
        for _ in range(2)
    }  # fmt: skip
    assert len(ids) == 2


def test_the_500_answer_speaks_dutch_by_default(cast, client, broken_token_service):
    _token, raw = make_token(cast.manager_a)
    response = client.post("/api/v1/me/tokens", data=json.dumps({"name": "x"}), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="nl", **bearer(raw))  # fmt: skip
    assert response.status_code == 500
    body = response.json()
    assert body["detail"] != "" and "Something went wrong" not in body["detail"]
    assert body["error_id"] in body["detail"]


def test_handled_errors_keep_their_status(cast, client):
    """The catch-all takes only what nothing else handled: 401, 404 and a body that is no JSON stay as they were."""
    _token, raw = make_token(cast.manager_a)
    assert client.get("/api/v1/me/").status_code == 401
    assert client.delete(f"/api/v1/me/tokens/{2**62}", **bearer(raw)).status_code == 404
    broken = client.post("/api/v1/me/tokens", data="{not json", content_type="application/json", **bearer(raw))
    assert broken.status_code == 400
    assert "detail" in broken.json()


# --- NUL characters: one parser for every operation ------------------------------------------------------------


def _post_token(client, raw, body, **extra):
    return client.post("/api/v1/me/tokens", data=json.dumps(body), content_type="application/json",
                       **bearer(raw), **extra)  # fmt: skip


@pytest.mark.parametrize(
    "body, loc",
    [
        ({"name": "Web\x00site"}, ["body", "name"]),
        ({"name": "Website", "extra": ["ok", {"deep": "x\x00"}]}, ["body", "extra", 1, "deep"]),
        ({"name": "Website", "ke\x00y": "ok"}, ["body", "ke\x00y"]),
    ],
    ids=["value", "nested", "key"],
)
def test_a_json_body_with_nul_is_refused_with_422(cast, client, body, loc):
    _token, raw = make_token(cast.manager_a)
    response = _post_token(client, raw, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["message"] == "Text cannot contain the NUL character (U+0000)."
    assert answer["errors"] == [{"type": "nul_character", "loc": loc, "msg": answer["message"]}]
    assert not ApiToken.objects.filter(user=cast.manager_a).exclude(name="fuzz").exists()


def test_the_nul_message_is_translated(cast, client):
    _token, raw = make_token(cast.manager_a)
    response = _post_token(client, raw, {"name": "a\x00"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 422
    message = response.json()["message"]
    assert "NUL" in message and message != "Text cannot contain the NUL character (U+0000)."


def test_text_without_nul_still_passes(cast, client):
    _token, raw = make_token(cast.manager_a)
    response = _post_token(client, raw, {"name": "Website \\x00 \u2400 null"})
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Website \\x00 \u2400 null"


def test_a_public_write_with_nul_is_refused(client):
    """No authentication in front of it: the parser still refuses before the schema or the service runs."""
    response = client.post("/api/v1/matching/signup", data=json.dumps({"name": "Club\x00"}),
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "nul_character"


@pytest.mark.parametrize(
    "query, loc", [("q=Vereniging%00", ["query", "q"]), ("q%00=x", ["query", "q\x00"])], ids=["value", "key"]
)
def test_a_query_with_nul_is_refused(cast, client, query, loc):
    _token, raw = make_token(cast.coordinator)
    response = client.get(f"/api/v1/organisations/?{query}", **bearer(raw))
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["loc"] == loc


def test_a_deeply_nested_body_is_not_a_500(cast, client):
    _token, raw = make_token(cast.manager_a)
    body = '{"name": "x", "extra": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = client.post("/api/v1/me/tokens", data=body, content_type="application/json", **bearer(raw))
    assert response.status_code in (400, 422)


def test_find_nul_walks_everything():
    assert find_nul({"a": [1, None, True, 2.5, {"b": "ok"}]}) is None
    assert find_nul("\x00") == ()
    assert find_nul({"a": [{"b": "x"}, {"c": ["y", "z\x00"]}]}) == ("a", 1, "c", 1)
    deep: list = ["\x00"]
    for _ in range(10_000):
        deep = [deep]
    assert find_nul(deep) == (0,) * 10_000 + (0,)


@pytest.mark.parametrize("source", ["query", "form"])
def test_the_parser_refuses_query_and_form_values(source):
    factory = RequestFactory()
    parser = NulRefusingParser()
    if source == "query":
        request = factory.get("/api/v1/x", {"tag": ["a", "b\x00"]})
        data = request.GET
    else:
        request = factory.post("/api/v1/x", {"tag": ["a", "b\x00"]})
        data = request.POST
    with pytest.raises(NulCharacterError) as caught:
        parser.parse_querydict(data, ["tag"], request)
    assert caught.value.loc == (source, "tag")
    clean = factory.get("/api/v1/x", {"tag": ["a", "b"], "q": "c"})
    assert parser.parse_querydict(clean.GET, ["tag"], clean) == {"tag": ["a", "b"], "q": "c"}
