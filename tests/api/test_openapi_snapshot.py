"""The shape of /api/v1/ is pinned: the OpenAPI document must equal tests/api/openapi.json.

A change to any operation, parameter or schema shows up here as a diff, so it is made on purpose and
reviewed with the code. After an intended change, rewrite the snapshot and commit it with the change:

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi_snapshot.py

The document itself must also hold its promises: every operation has a unique operationId and a summary or
description, and every write operation needs authentication, apart from the few deliberate public ones below.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from buurtkracht.api import api
from tests.api.support import WRITE_METHODS, is_public, operations

SNAPSHOT = Path(__file__).with_name("openapi.json")
UPDATE_HINT = (
    "The OpenAPI document of /api/v1/ changed. If the change is intended, rewrite the snapshot and commit it:\n"
    "    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi_snapshot.py\n"
)
MAX_DIFF_LINES = 300

# Write operations anyone may call, each with the reason. Anything else that writes must require a session or
# a token; adding an entry here is a security decision (record it in docs/security-model.md too).
PUBLIC_WRITES = {
    "matching_signup": "a resident initiative signs up without an account; nothing is visible until the e-mail "
    "address is confirmed, a honeypot field catches bots, and one address may sign up a few times a day",
    "matching_confirm": "the confirmation link from that e-mail; the token is the credential",
}


def normalised(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def openapi() -> dict:
    # Rendered in English whatever the test's language: the snapshot must not depend on the active locale.
    from django.utils import translation

    with translation.override("en"):
        return json.loads(normalised(api.get_openapi_schema()))


def test_openapi_document_matches_the_snapshot(openapi):
    current = normalised(openapi)
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
        return
    assert SNAPSHOT.exists(), f"No snapshot at {SNAPSHOT}.\n{UPDATE_HINT}"
    stored = SNAPSHOT.read_text(encoding="utf-8")
    if current == stored:
        return
    diff = list(
        difflib.unified_diff(
            stored.splitlines(), current.splitlines(), "tests/api/openapi.json (snapshot)", "live document", lineterm=""
        )
    )
    shown = "\n".join(diff[:MAX_DIFF_LINES])
    more = f"\n… {len(diff) - MAX_DIFF_LINES} more diff lines" if len(diff) > MAX_DIFF_LINES else ""
    pytest.fail(f"{UPDATE_HINT}\n{_changed_operations(json.loads(stored), openapi)}\n{shown}{more}", pytrace=False)


def _changed_operations(old: dict, new: dict) -> str:
    """A one-line-per-operation summary above the raw diff: which operations came, went or changed."""
    before = {(m.upper(), p): o for m, p, o in operations(old)}
    after = {(m.upper(), p): o for m, p, o in operations(new)}
    lines = [f"  + {m} {p}" for m, p in after.keys() - before.keys()]
    lines += [f"  - {m} {p}" for m, p in before.keys() - after.keys()]
    lines += [f"  ~ {m} {p}" for m, p in after.keys() & before.keys() if after[(m, p)] != before[(m, p)]]
    if old.get("components") != new.get("components"):
        lines.append("  ~ components (schemas)")
    return "Operations: added (+), removed (-), changed (~):\n" + ("\n".join(sorted(lines)) or "  (none)")


def test_every_operation_has_a_unique_operation_id_and_a_summary(openapi):
    seen: dict[str, str] = {}
    problems = []
    for method, path, operation in operations(openapi):
        label = f"{method.upper()} {path}"
        operation_id = operation.get("operationId")
        if not operation_id:
            problems.append(f"{label}: no operationId (pass operation_id= to the router decorator)")
        elif operation_id in seen:
            problems.append(f"{label}: operationId {operation_id!r} is also used by {seen[operation_id]}")
        else:
            seen[operation_id] = label
        if not (operation.get("summary") or "").strip() and not (operation.get("description") or "").strip():
            problems.append(f"{label}: neither summary nor description (give the view a docstring)")
    assert not problems, "\n".join(problems)


def test_every_write_operation_requires_authentication_in_the_document(openapi):
    public_writes = {
        operation.get("operationId"): f"{method.upper()} {path}"
        for method, path, operation in operations(openapi)
        if method in WRITE_METHODS and is_public(operation)
    }
    unexpected = sorted(f"{label} ({op_id})" for op_id, label in public_writes.items() if op_id not in PUBLIC_WRITES)
    assert not unexpected, "Write operations without authentication (remove auth=None, or add to PUBLIC_WRITES " \
        "with the reason):\n" + "\n".join(unexpected)  # fmt: skip
    stale = sorted(set(PUBLIC_WRITES) - set(public_writes))
    assert not stale, f"PUBLIC_WRITES names operations that are no longer public writes: {stale}"
