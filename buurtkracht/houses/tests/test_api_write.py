import json

import pytest

from buurtkracht.accounts.models import ApiToken
from buurtkracht.core.models import LogEntry
from buurtkracht.houses.models import House, Room
from buurtkracht.houses.tests.factories import HouseFactory, RoomFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/houses/"


def _bearer(user) -> dict:
    raw = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name="t", key_hash=ApiToken.hash(raw), hint=raw[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _send(client, method, path, payload=None, **extra):
    body = json.dumps(payload) if payload is not None else None
    return getattr(client, method)(API + path, data=body, content_type="application/json", **extra)


def _state():
    """Everything a write could touch, to prove a refused request saved nothing."""
    houses = list(House.objects.order_by("pk").values())
    rooms = list(Room.objects.order_by("pk").values())
    links = list(Room.facilities.through.objects.order_by("pk").values_list("room_id", "facility_id"))
    return houses, rooms, links, LogEntry.objects.count()


# --- Create a house -----------------------------------------------------------------------------------


def test_a_coordinator_creates_a_house_with_a_token(client, cast, places):
    response = _send(
        client, "post", "",
        {"network": "netwerk-a", "name": "De Bongerd", "postcode": "5386 KL", "city": "Oss", "owner_type": "residents"},
        **_bearer(cast.coordinator),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "de-bongerd" and body["networks"] == ["netwerk-a"]
    assert body["area"]["code"] == "WK082812" and body["position_from_postcode"] is True
    assert body["holiday_region"] == "nl_south" and body["rooms"] == []
    entry = LogEntry.objects.get(action="houses.house.created")
    assert entry.actor == cast.coordinator


def test_a_coordinator_creates_a_house_with_the_session(client, cast):
    client.force_login(cast.coordinator)
    response = _send(client, "post", "", {"network": "netwerk-a", "name": "Sessiehuis"})
    assert response.status_code == 201
    assert House.objects.filter(name="Sessiehuis", networks=cast.network_a).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"network": "netwerk-a"}, "name"),
        ({"network": "netwerk-a", "name": ""}, "name"),
        ({"network": "netwerk-a", "name": "x" * 151}, "name"),
        ({"network": "netwerk-a", "name": "Huis", "postcode": "12"}, "postcode"),
        ({"network": "netwerk-a", "name": "Huis", "postcode": "9999 ZZ"}, "postcode"),
        ({"network": "netwerk-a", "name": "Huis", "latitude": 95, "longitude": 5}, "latitude"),
        ({"network": "netwerk-a", "name": "Huis", "latitude": 51.7}, "latitude"),
        ({"network": "netwerk-a", "name": "Huis", "country": "DE"}, "country"),
        ({"network": "netwerk-a", "name": "Huis", "email": "geen-adres"}, "email"),
        ({"network": "netwerk-a", "name": "Huis", "website": "niet een url"}, "website"),
        ({"network": "netwerk-a", "name": "Huis", "owner_type": "king"}, "owner_type"),
        ({"network": "netwerk-a", "name": "Huis", "slug": "zelf-gekozen"}, "slug"),
        ({"network": "netwerk-a", "name": None}, "name"),
        ({"network": "bestaat-niet", "name": "Huis"}, "network"),
    ],
)
def test_bad_house_input_is_422_with_a_message_and_saves_nothing(client, cast, places, payload, field):
    client.force_login(cast.coordinator)
    before = _state()
    response = _send(client, "post", "", payload)
    assert response.status_code == 422, response.content
    assert response.json()["message"]
    assert field in json.dumps(response.json()["errors"])
    assert _state() == before


def test_creating_in_another_network_is_forbidden(client, cast):
    before = _state()
    response = _send(client, "post", "", {"network": "netwerk-b", "name": "Huis"}, **_bearer(cast.coordinator))
    assert response.status_code == 403 and response.json()["message"]
    response = _send(client, "post", "", {"network": "netwerk-a", "name": "Huis"}, **_bearer(cast.manager_a))
    assert response.status_code == 403
    assert _state() == before


def test_writing_without_login_is_401(client, cast):
    before = _state()
    response = _send(client, "post", "", {"network": "netwerk-a", "name": "Huis"})
    assert response.status_code == 401 and response.json()["message"]
    response = _send(client, "patch", "huis-a", {"name": "X"}, HTTP_AUTHORIZATION="Bearer bk_not-a-token")
    assert response.status_code == 401
    assert _state() == before


def test_a_revoked_token_is_refused(client, cast):
    from django.utils import timezone

    headers = _bearer(cast.manager_a)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert _send(client, "patch", "huis-a", {"phone": "1"}, **headers).status_code == 401


# --- Change a house -----------------------------------------------------------------------------------


def test_a_manager_changes_the_house_with_a_token(client, cast, places):
    response = _send(
        client, "patch", "huis-a", {"phone": "0412 123 456", "postcode": "5344 AB"}, **_bearer(cast.manager_a)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["phone"] == "0412 123 456" and body["area"]["code"] == "WK082806"
    house = House.objects.get(pk=cast.house_a.pk)
    assert house.latitude == 51.758 and house.position_from_postcode
    assert LogEntry.objects.get(action="houses.house.changed").actor == cast.manager_a


def test_setting_the_district_by_code(client, cast, places):
    client.force_login(cast.coordinator)
    response = _send(client, "patch", "huis-a", {"area": "WK082812"})
    assert response.status_code == 200 and response.json()["area"]["name"] == "Macharen"
    before = _state()
    response = _send(client, "patch", "huis-a", {"area": "WK000000"})
    assert response.status_code == 422 and "area" in response.json()["errors"]
    assert _state() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"name": None},
        {"name": "  "},
        {"is_public": None},
        {"postcode": "9999 ZZ"},
        {"latitude": 51.0},
        {"email": "fout"},
        {"time_zone": "Europe/Berlin"},
        {"networks": ["netwerk-b"]},
    ],
)
def test_bad_house_changes_are_422_and_save_nothing(client, cast, places, payload):
    client.force_login(cast.manager_a)
    before = _state()
    response = _send(client, "patch", "huis-a", payload)
    assert response.status_code == 422, response.content
    assert response.json()["message"]
    assert _state() == before


def test_changing_a_house_needs_the_permission(client, cast):
    hidden = HouseFactory(slug="verborgen", is_public=False)
    before = _state()
    assert _send(client, "patch", "huis-a", {"phone": "1"}, **_bearer(cast.officer)).status_code == 403
    assert _send(client, "patch", "huis-a", {"phone": "1"}, **_bearer(cast.volunteer_a)).status_code == 403
    assert _send(client, "patch", "huis-a", {"phone": "1"}, **_bearer(cast.manager_b)).status_code == 403
    assert _send(client, "patch", hidden.slug, {"phone": "1"}, **_bearer(cast.manager_b)).status_code == 404
    assert _state()[:3] == before[:3]


# --- Rooms --------------------------------------------------------------------------------------------


def test_add_change_and_delete_a_room_with_a_token(client, cast):
    headers = _bearer(cast.manager_a)
    response = _send(
        client, "post", "huis-a/rooms",
        {"name": "Zaaldeel A", "capacity": 40, "parent_id": cast.room_a.pk, "floor_area_m2": 45.5,
         "facilities": ["beamer", "wifi"]},
        **headers,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    room = response.json()
    assert room["parent_id"] == cast.room_a.pk and room["facilities"] == ["beamer", "wifi"]
    response = _send(client, "patch", f"huis-a/rooms/{room['id']}", {"capacity": 45, "facilities": []}, **headers)
    assert response.status_code == 200
    assert response.json()["capacity"] == 45 and response.json()["facilities"] == []
    response = _send(client, "patch", f"huis-a/rooms/{room['id']}", {"parent_id": None}, **headers)
    assert response.json()["parent_id"] is None
    response = _send(client, "delete", f"huis-a/rooms/{room['id']}", **headers)
    assert response.status_code == 204
    assert not Room.objects.filter(pk=room["id"]).exists()
    actions = list(LogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["houses.room.created", "houses.room.changed", "houses.room.changed", "houses.room.deleted"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"capacity": 10}, "name"),
        ({"name": "Zaal"}, "capacity"),
        ({"name": "Zaal", "capacity": 0}, "capacity"),
        ({"name": "Zaal", "capacity": 100001}, "capacity"),
        ({"name": "Zaal", "capacity": "veel"}, "capacity"),
        ({"name": "Zaal", "capacity": 10, "floor_area_m2": 0}, "floor_area_m2"),
        ({"name": "Zaal", "capacity": 10, "floor_area_m2": 12.25}, "floor_area_m2"),
        ({"name": "Zaal", "capacity": 10, "facilities": ["jacuzzi"]}, "facilities"),
        ({"name": "Zaal", "capacity": 10, "setup_minutes": -5}, "setup_minutes"),
        ({"name": "Zaal", "capacity": 10, "parent_id": 0}, "parent_id"),
        ({"name": "Zaal", "capacity": 10, "parent_id": 2**63}, "parent_id"),
        ({"name": "Grote zaal", "capacity": 10}, "name"),
        ({"name": "Zaal", "capacity": 10, "house": 2}, "house"),
    ],
)
def test_bad_room_input_is_422_and_saves_nothing(client, cast, payload, field):
    client.force_login(cast.coordinator)
    before = _state()
    response = _send(client, "post", "huis-a/rooms", payload)
    assert response.status_code == 422, response.content
    assert response.json()["message"]
    assert field in json.dumps(response.json()["errors"])
    assert _state() == before


def test_a_parent_from_another_house_is_refused(client, cast):
    client.force_login(cast.admin)
    before = _state()
    response = _send(client, "post", "huis-a/rooms", {"name": "Deel", "capacity": 5, "parent_id": cast.room_b.pk})
    assert response.status_code == 422 and "parent_id" in response.json()["errors"]
    half = RoomFactory(house=cast.house_a, name="Half")
    before = _state()
    response = _send(client, "patch", f"huis-a/rooms/{half.pk}", {"parent_id": cast.room_b.pk})
    assert response.status_code == 422
    assert _state() == before


@pytest.mark.parametrize(
    "payload",
    [{"capacity": None}, {"name": ""}, {"facilities": ["jacuzzi"]}, {"capacity": 0}, {"is_bookable": None}],
)
def test_bad_room_changes_are_422_and_save_nothing(client, cast, payload):
    client.force_login(cast.manager_a)
    before = _state()
    response = _send(client, "patch", f"huis-a/rooms/{cast.room_a.pk}", payload)
    assert response.status_code == 422, response.content
    assert _state() == before


def test_deleting_a_hall_with_parts_is_422_and_keeps_it(client, cast):
    RoomFactory(house=cast.house_a, name="Deel", parent=cast.room_a)
    client.force_login(cast.manager_a)
    before = _state()
    response = _send(client, "delete", f"huis-a/rooms/{cast.room_a.pk}")
    assert response.status_code == 422 and response.json()["message"]
    assert _state() == before


def test_rooms_of_another_house_or_unknown_rooms_are_404(client, cast):
    client.force_login(cast.admin)
    assert _send(client, "patch", f"huis-a/rooms/{cast.room_b.pk}", {"capacity": 3}).status_code == 404
    assert _send(client, "delete", "huis-a/rooms/987654").status_code == 404
    assert _send(client, "delete", "huis-a/rooms/0").status_code == 422


def test_room_writes_need_the_permission(client, cast):
    before = _state()
    for person in ("volunteer_a", "officer", "manager_b", "contact", "stranger"):
        headers = _bearer(cast[person])
        assert _send(client, "post", "huis-a/rooms", {"name": "Zaal", "capacity": 3}, **headers).status_code == 403
        assert _send(client, "patch", f"huis-a/rooms/{cast.room_a.pk}", {"capacity": 3}, **headers).status_code == 403
        assert _send(client, "delete", f"huis-a/rooms/{cast.room_a.pk}", **headers).status_code == 403
    assert _state()[:3] == before[:3]
