"""Tenant isolation of the JSON API (ASVS v5.0.0-8.4.1): the manager of house B, holding a valid token, asks
every read operation that takes a path parameter for the objects of house A (its rooms, bookings, dates,
invoices, feed, organisation, network, the need and proposal of its network) and never gets a 2xx, unless
the object is public. A superuser sending the very same requests gets 200, so the ids are real and a refusal
is a refusal, not a typo. List operations are read as well: none of them may mention house A.

Public reads (anyone, also without a token), and why:

=================  ==========================================================================================
areas_detail       reference data (CBS, Statbel): areas and their statistics are public for everyone
houses_detail      a house marked ``is_public`` is on the public map with its address and rooms
houses_rooms       the rooms of such a public house
networks_detail    a network marked ``is_public``
=================  ==========================================================================================

Everything else is refused to another tenant with 404 (it may not even learn the object exists) or 403
(it can see the object, a public house, but not this part of it).
"""

from __future__ import annotations

import pytest

from buurtkracht.api import api
from tests.api.support import bearer, fill, make_token, operations, path_parameters, target_parameters

PUBLIC_READS = {"areas_detail", "houses_detail", "houses_rooms", "networks_detail"}
ALWAYS_PUBLIC = {"areas_detail"}  # not tied to a house or network: public whatever house A decides

# Text that only house A's data contains (names, titles, e-mail addresses, the invoice number prefix).
HOUSE_A_MARKERS = ["huis-a", "Huis A", "Theaterzaal", "Yoga", "Koor", "Repetitie", "Uitvoering", "Website",
                   "Taalmaatjes", "fatima@example.org", "Vereniging A", "netwerk-a", "Netwerk A"]  # fmt: skip


def _read_operations_with_path():
    for method, path, operation in operations(api.get_openapi_schema()):
        if method == "get" and path_parameters(path):
            yield path, operation


def _requests(world, ids):
    """``(operation_id, url)`` for every GET operation with a path parameter, pointed at ``ids``."""
    missing = []
    for path, operation in _read_operations_with_path():
        values = target_parameters("get", path, operation, ids)
        if values is None:
            missing.append(f"{operation['operationId']} ({path})")
            continue
        yield operation["operationId"], fill(path, values)
    assert not missing, (
        "No seeded object for these operations: add one to tests/api/conftest.py (world) so the cross-tenant "
        "test covers them:\n" + "\n".join(missing)
    )


def _house_a_ids(world) -> dict:
    return {**world.ids, "token_id": world.spare_tokens["house_manager"]}


def _make_house_a_public(cast, public: bool) -> None:
    for obj in (cast.house_a, cast.network_a):
        obj.is_public = public
        obj.save(update_fields=["is_public"])


@pytest.fixture
def admin_token(world) -> str:
    return make_token(world.cast.admin)[1]


@pytest.mark.django_db
@pytest.mark.parametrize("house_a_public", [False, True], ids=["house A private", "house A public"])
def test_house_b_manager_never_reads_house_a_objects(world, admin_token, client, house_a_public):
    _make_house_a_public(world.cast, house_a_public)
    public = PUBLIC_READS if house_a_public else ALWAYS_PUBLIC
    leaks, wrong_control = [], []
    for operation_id, url in _requests(world, _house_a_ids(world)):
        control = client.get(url, **bearer(admin_token)).status_code
        if control != 200:
            wrong_control.append(f"{operation_id} GET {url}: superuser got {control}")
        status = client.get(url, **bearer(world.tokens["house_b_manager"])).status_code
        if operation_id in public:
            if status != 200:
                leaks.append(f"{operation_id} GET {url}: {status}, but this is a public read (expected 200)")
        elif status not in {403, 404}:
            leaks.append(f"{operation_id} GET {url}: house-B manager got {status} (expected 403 or 404)")
    assert not wrong_control, "The seeded ids are not all readable, so the check proves nothing:\n" + "\n".join(
        wrong_control
    )
    assert not leaks, "House-B manager against house-A objects:\n" + "\n".join(leaks)


@pytest.mark.django_db
def test_house_a_manager_never_reads_house_b_bookings(world, client):
    """The other direction, for what house B has: its bookings and dates stay closed to house A's manager."""
    cast = world.cast
    series_b = cast.house_b.booking_series.get()
    for url in (
        f"/api/v1/bookings/series/{series_b.pk}",
        f"/api/v1/bookings/houses/{cast.house_b.slug}/trusted",
        f"/api/v1/billing/houses/{cast.house_b.slug}/rate-cards",
        f"/api/v1/billing/houses/{cast.house_b.slug}/revenue-forgone",
        f"/api/v1/matching/networks/{cast.network_b.pk}/numbers",
    ):
        status = client.get(url, **bearer(world.tokens["house_manager"])).status_code
        assert status in {403, 404}, f"GET {url}: house-A manager got {status}"


@pytest.mark.django_db
def test_list_operations_show_house_b_manager_nothing_of_house_a(world, admin_token, client):
    lists = [
        fill(path, {}) for method, path, _ in operations(api.get_openapi_schema())
        if method == "get" and not path_parameters(path)
    ]  # fmt: skip
    seen_by_admin = set()
    leaks = []
    for url in lists:
        admin_text = client.get(url, **bearer(admin_token)).content.decode()
        seen_by_admin |= {marker for marker in HOUSE_A_MARKERS if marker in admin_text}
        response = client.get(url, **bearer(world.tokens["house_b_manager"]))
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        text = response.content.decode()
        found = [marker for marker in HOUSE_A_MARKERS if marker in text]
        if found:
            leaks.append(f"GET {url} shows {found}")
    assert not leaks, "House-B manager sees house-A data in lists:\n" + "\n".join(leaks)
    # The markers are really in the data (a superuser's lists show most of them), so their absence means something.
    assert len(seen_by_admin) >= len(HOUSE_A_MARKERS) // 2, f"markers seen by the superuser: {sorted(seen_by_admin)}"
