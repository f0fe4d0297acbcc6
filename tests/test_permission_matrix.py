"""Every route of every app, crossed with every role of the cast: allowed, refused, hidden or login."""

import importlib
import json
import pkgutil

import pytest

import buurtkracht
from buurtkracht.lib.testing import CAST_ROLES, Row


def _matrix_rows() -> list[Row]:
    rows = []
    for module in pkgutil.iter_modules(buurtkracht.__path__):
        try:
            matrix = importlib.import_module(f"buurtkracht.{module.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        rows.extend(getattr(matrix, "MATRIX", []))
    return rows


ROWS = _matrix_rows()


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.method.upper()} {r.name}")
def test_permission_matrix(row: Row, role, cast, client):
    user = cast[role]
    if user is not None:
        client.force_login(user)
    path = row.path(cast)
    payload = row.payload(cast) if row.payload else {}
    method = getattr(client, row.method.lower())
    if row.api and row.method.lower() in {"post", "put", "patch"}:
        response = method(path, data=json.dumps(payload), content_type="application/json")
    elif row.method.lower() in {"put", "patch", "delete"}:
        response = method(path, data=json.dumps(payload) if payload else None, content_type="application/json")
    else:
        response = method(path, payload)
    expected = row.expected(role)
    status = response.status_code
    if expected == "ok":
        is_login_redirect = status in (301, 302) and "/account/login" in response.get("Location", "")
        assert 200 <= status < 400 and not is_login_redirect, f"{role} should be allowed {row.name}, got {status}"
    elif expected == "unauthenticated":
        if row.api:
            assert status in (401, 403), f"anonymous on {row.name}: {status}"
        else:
            assert status == 302 and "/account/login" in response["Location"], f"anonymous on {row.name}: {status}"
    elif expected == "not_found":
        assert status == 404, f"{role} on {row.name}: expected 404, got {status}"
    else:
        assert status in (403, 404), f"{role} on {row.name}: expected 403, got {status}"
