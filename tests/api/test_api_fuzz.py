"""Fuzz every operation of /api/v1/ with schemathesis: whatever arrives, the answer is never a 5xx.

Stage one of ``design/security.md`` §5: the check is ``not_a_server_error``, over schemathesis' coverage phase
(boundary and type-violating values for every parameter and body field) and a derandomised fuzzing phase, plus
``no_nul_accepted``, which makes a run on SQLite fail where PostgreSQL would answer 500.

Who sends what:

* The generated request goes to one role, picked from the request's content: the anonymous visitor (public
  operations only; for the others the door is tested in ``test_api_auth.py``: 401 before any input is read),
  or the bearer token of the house manager, the network coordinator, the organisation contact or the
  stranger (no roles). Every role meets every kind of input without multiplying the requests.
* When the operation names objects (a slug or id in the path; a room, house, network or organisation in the
  body or the query), the request is sent again with those pointed at the seeded objects of house A, by the
  house manager, the coordinator or the organisation contact, so the services behind the validation meet
  the hostile bodies too. Skipped when the first answer was a 422 about fields that the ids do not touch.

One test item per operation, on a transactional database (SQLite defers foreign-key checks inside the usual
test transaction and would hide a 500), seeded by the ``world`` fixture. A failure prints the curl command to
replay it; the role and the variant are in the exception notes.
"""

from __future__ import annotations

import copy
import os
import zlib

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from buurtkracht.wsgi import application
from tests.api.support import FUZZ_ROLES, target_parameters

CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "generation": {"with-security-parameters": False},  # we send real credentials ourselves
        "phases": {"coverage": {"enabled": True, "unexpected-methods": []}},  # 405s prove nothing
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

# Per operation in the fuzzing phase (the coverage phase adds its own deterministic cases). A wider nightly run:
# FUZZ_EXAMPLES=200 .venv/bin/pytest tests/api/test_api_fuzz.py
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
AUTHENTICATED = list(FUZZ_ROLES)
ACTORS = ["house_manager", "coordinator", "organisation_contact"]  # the roles that may act on house A

# Body and query fields that point at other objects, and the seeded object the "house A" variant puts there.
REFERENCES = {
    "house": "house_slug",
    "network": "network_slug",  # an id where the operation wants one (organisation filters)
    "network_id": "network_id",
    "room": "room_id",
    "room_id": "room_id",
    "parent_id": "hall_id",
    "organisation": "organisation_id",
}
_REFERENCE_FIELDS = set(REFERENCES) | {"occurrences", "scope"}


def pointed_at_house_a(values, ids: dict):
    """A copy of a body or query with its references replaced by house A's objects."""
    if not isinstance(values, dict):
        return values
    real = copy.deepcopy(values)
    for name, key in REFERENCES.items():
        if name in real:
            real[name] = ids["network_id"] if name == "network" and isinstance(real[name], int) else ids[key]
    if "occurrences" in real:
        real["occurrences"] = [ids["occurrence_id"]]
    scope = real.get("scope")
    if isinstance(scope, str) and scope in {"room", "house", "organisation"} and "id" in real:
        real["id"] = ids[f"{scope}_id"]
    return real


def refers_to_objects(case) -> bool:
    return bool(case.path_parameters) or any(
        isinstance(values, dict) and set(values) & _REFERENCE_FIELDS for values in (case.body, case.query)
    )


def only_unrelated_input_errors(response) -> bool:
    """A 422 about body or query fields that the house-A ids do not replace: resending cannot get further."""
    if response.status_code != 422:
        return False
    try:
        errors = response.json().get("errors")
    except ValueError:
        return False
    if not isinstance(errors, list) or not errors:
        return False
    for error in errors:
        loc = [str(part) for part in error.get("loc", [])]
        if not loc or loc[0] not in {"body", "query"}:
            return False
        if set(loc) & _REFERENCE_FIELDS:
            return False
    return True


def _resolve(node, document: dict):
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _declared_nul(value, node, document: dict) -> bool:
    """Whether ``value`` holds a NUL in a part the schema ``node`` declares (undeclared keys are ignored by the
    API, so a NUL there is never stored)."""
    node = _resolve(node, document) or {}
    if isinstance(value, str):
        return "\x00" in value
    branches = [_resolve(b, document) for key in ("anyOf", "oneOf", "allOf") for b in node.get(key, [])]
    if branches:
        return any(_declared_nul(value, branch, document) for branch in branches)
    if isinstance(value, list | tuple):
        return any(_declared_nul(item, node.get("items", {}), document) for item in value)
    if isinstance(value, dict):
        properties, extra = node.get("properties", {}), node.get("additionalProperties")
        return any(
            _declared_nul(item, properties[key], document)
            if key in properties
            else isinstance(extra, dict) and (_declared_nul(key, {}, document) or _declared_nul(item, extra, document))
            for key, item in value.items()
        )
    return False


def no_nul_accepted(ctx, response, case):
    """PostgreSQL cannot store text with a NUL character (a 500 there) while SQLite takes it: so that the fuzz on
    SQLite finds what would fail on PostgreSQL, a 2xx answer to input with a NUL in a declared field fails too."""
    if not 200 <= response.status_code < 300:
        return
    document, operation = case.operation.schema.raw_schema, case.operation.definition.raw
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    parameters = {p["name"]: p.get("schema", {}) for p in operation.get("parameters", []) if p.get("in") == "query"}
    query = {name: value for name, value in (case.query or {}).items() if name in parameters}
    if _declared_nul(case.body, body, document) or _declared_nul(query, {"properties": parameters}, document):
        raise AssertionError("Text with a NUL character was accepted; PostgreSQL cannot store it (refuse it with 422)")


def send(case, world, role: str | None, variant: str):
    try:
        return case.call_and_validate(headers=world.headers(role), checks=[not_a_server_error, no_nul_accepted])
    except BaseException as exc:
        exc.add_note(f"role: {role or 'anonymous'}; request: {variant}")
        raise


def pick(case, roles: list, salt: str):
    """One of ``roles``, chosen by the request's content: spread evenly, and the same when Hypothesis replays
    or shrinks the case."""
    content = repr((salt, case.path_parameters, case.query, case.body)).encode()
    return roles[zlib.crc32(content) % len(roles)]


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_answers_a_server_error(case, world):
    definition = case.operation.definition.raw
    public = not definition.get("security")
    role = pick(case, [None, *AUTHENTICATED] if public else AUTHENTICATED, "generated")
    response = send(case, world, role, "as generated")
    if not refers_to_objects(case) or only_unrelated_input_errors(response):
        return
    actor = pick(case, ACTORS, "house A")
    ids = world.target_ids(actor)
    values = target_parameters(case.method.lower(), case.path, definition, ids)
    if values:
        case.path_parameters = {**case.path_parameters, **values}
    case.body = pointed_at_house_a(case.body, ids)
    case.query = pointed_at_house_a(case.query, ids)
    send(case, world, actor, "pointed at house A's objects")


def test_the_nul_check_looks_at_declared_fields_only():
    """The extra check is not vacuous: a NUL in a declared field (also nested) counts, one in an ignored key not."""
    document = schema.raw_schema
    token_in = document["paths"]["/api/v1/me/tokens"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    signup_in = document["paths"]["/api/v1/matching/signup"]["post"]["requestBody"]["content"]["application/json"]
    assert _declared_nul({"name": "a\x00b"}, token_in, document)
    assert not _declared_nul({"name": "ab", "ignored": "a\x00b"}, token_in, document)
    assert _declared_nul({"need": {"activity": "\x00"}}, signup_in["schema"], document)
    assert _declared_nul({"themes": ["ok", "\x00"]}, signup_in["schema"], document)
    assert not _declared_nul({"need": {"unknown": "\x00"}}, signup_in["schema"], document)
