"""Fuzz every operation of /api/v1/ with schemathesis: whatever arrives, the answer is never a 5xx.

Stage one of ``design/security.md`` §5: the check is ``not_a_server_error``, over schemathesis' coverage phase
(boundary and type-violating values for every parameter and body field) and a derandomised fuzzing phase.

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


def send(case, world, role: str | None, variant: str):
    try:
        return case.call_and_validate(headers=world.headers(role), checks=[not_a_server_error])
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
