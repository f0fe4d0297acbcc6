"""Shared pieces of the API tests: the operations of the live OpenAPI document, path filling, and which
seeded object each path parameter names."""

from __future__ import annotations

import re
from urllib.parse import quote

from buurtkracht.accounts.models import ApiToken

WRITE_METHODS = {"post", "put", "patch", "delete"}
HTTP_METHODS = WRITE_METHODS | {"get", "head", "options"}

# The roles the fuzzer acts as (besides the anonymous visitor), with the cast key behind each.
FUZZ_ROLES = {
    "house_manager": "manager_a",
    "coordinator": "coordinator",
    "organisation_contact": "contact",
    "stranger": "stranger",
}


def make_token(user, name: str = "fuzz") -> tuple[ApiToken, str]:
    raw = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash(raw), hint=raw[:8])
    return token, raw


def bearer(raw: str | None) -> dict:
    """Keyword arguments for Django's test client."""
    return {} if raw is None else {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def operations(openapi: dict):
    """``(method, path, operation)`` for every operation of the document, in document order."""
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def is_public(operation: dict) -> bool:
    return not operation.get("security")


def path_parameters(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)


def target_parameters(method: str, path: str, operation: dict, ids: dict) -> dict | None:
    """Values for the path parameters of an operation, naming the seeded objects in ``ids``.

    Returns None when ``ids`` has no object for one of the parameters."""
    operation_id = operation.get("operationId", "")
    values: dict = {}
    for name in path_parameters(path):
        if name == "slug":
            key = "network_slug" if "/networks/" in path else "house_slug"
        elif name == "room_id":
            # Writes on a house's rooms use the part of the divisible hall, so the plain room stays bookable.
            key = "part_id" if operation_id.startswith("houses_room") else "room_id"
        elif name == "invoice_id":
            key = "draft_invoice_id" if operation_id == "billing_invoice_issue" else "invoice_id"
        elif name in {"country", "kind", "code"}:
            area = ids.get("area")
            if area is None:
                return None
            values.update(zip(("country", "kind", "code"), area, strict=True))
            continue
        else:
            key = name
        if ids.get(key) is None:
            return None
        values[name] = ids[key]
    return values


def fill(path: str, values: dict) -> str:
    return re.sub(r"{(\w+)}", lambda m: quote(str(values[m.group(1)]), safe=""), path)
