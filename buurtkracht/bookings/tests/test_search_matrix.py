"""The rows of search_matrix.py crossed with the cast, the way tests/test_permission_matrix.py will once the
lead imports them (until then on this app's test URL configuration)."""

import pytest

from buurtkracht.bookings.tests.search_matrix import MATRIX
from buurtkracht.bookings.tests.test_search_pages import URLCONF
from buurtkracht.lib.testing import CAST_ROLES

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda r: f"{r.method.upper()} {r.name}")
def test_search_and_occupancy_allow_and_refuse_as_listed(row, role, cast, client):
    user = cast[role]
    if user is not None:
        client.force_login(user)
    response = client.get(row.path(cast))
    status, expected = response.status_code, row.expected(role)
    if expected == "ok":
        assert 200 <= status < 400 and "/account/login" not in response.get("Location", ""), (role, status)
    elif expected == "unauthenticated":
        if row.api:
            assert status in (401, 403), status
        else:
            assert status == 302 and "/account/login" in response["Location"], status
    elif expected == "not_found":
        assert status == 404, status
    else:
        assert status in (403, 404), status
