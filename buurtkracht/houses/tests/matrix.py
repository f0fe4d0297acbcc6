"""Who may use which houses route (format: buurtkracht/lib/testing.py). The object is always house A of
network A: editors are its manager and the network's coordinator, staff adds its volunteer, readers add
the network's municipality officer (accounts/roles.py)."""

from django.urls import reverse

from buurtkracht.lib.testing import CAST_ROLES, Row

EVERYONE = set(CAST_ROLES)
EDITORS = {"manager_a", "coordinator"}
STAFF = EDITORS | {"volunteer_a"}
READERS = STAFF | {"officer"}
CREATORS = {"coordinator"}


def _house(name):
    return lambda cast: reverse(name, args=[cast.house_a.slug])


def _room(name):
    return lambda cast: reverse(name, args=[cast.house_a.slug, cast.room_a.pk])


def _spare_room(name):
    def path(cast):
        from buurtkracht.houses.tests.factories import RoomFactory

        return reverse(name, args=[cast.house_a.slug, RoomFactory(house=cast.house_a, name="Berging").pk])

    return path


def _closure(name):
    def path(cast):
        from buurtkracht.houses.tests.factories import ClosureFactory

        return reverse(name, args=[cast.house_a.slug, ClosureFactory(house=cast.house_a).pk])

    return path


def _house_form(cast) -> dict:
    house = cast.house_a
    return {
        "name": house.name, "street": house.street, "postcode": house.postcode, "city": house.city,
        "country": house.country, "latitude": house.latitude, "longitude": house.longitude, "phone": "0412 000000",
        "owner_type": house.owner_type, "holiday_region": house.holiday_region, "time_zone": house.time_zone,
        "is_public": "on",
    }  # fmt: skip


def _room_form(name: str):
    return lambda cast: {
        "name": name, "capacity": "12", "setup_minutes": "0", "cleanup_minutes": "0", "sort_order": "0",
        "is_bookable": "on",
    }  # fmt: skip


API_HOUSE = "/api/v1/houses/huis-a"


MATRIX = [
    # Pages
    Row("houses:public_detail", "get", _house("houses:public_detail"), EVERYONE),
    Row("houses:manage", "get", _house("houses:manage"), READERS),
    Row("houses:history", "get", _house("houses:history"), READERS),
    Row("houses:edit", "get", _house("houses:edit"), EDITORS),
    Row("houses:edit", "post", _house("houses:edit"), EDITORS, payload=_house_form),
    Row("houses:room_create", "get", _house("houses:room_create"), EDITORS),
    Row("houses:room_create", "post", _house("houses:room_create"), EDITORS, payload=_room_form("Matrixzaal")),
    Row("houses:room_edit", "get", _room("houses:room_edit"), EDITORS),
    Row("houses:room_edit", "post", _room("houses:room_edit"), EDITORS, payload=_room_form("Grote zaal")),
    Row("houses:room_delete", "get", _room("houses:room_delete"), EDITORS),
    Row("houses:room_delete", "post", _spare_room("houses:room_delete"), EDITORS),
    Row("houses:opening_hours", "get", _house("houses:opening_hours"), EDITORS),
    Row(
        "houses:opening_hours",
        "post",
        _house("houses:opening_hours"),
        EDITORS,
        payload=lambda cast: {"opens_0_1": "09:00", "closes_0_1": "17:00"},
    ),  # fmt: skip
    Row("houses:closures", "get", _house("houses:closures"), STAFF),
    Row(
        "houses:closures",
        "post",
        _house("houses:closures"),
        STAFF,
        payload=lambda cast: {"start_date": "2030-01-01", "end_date": "2030-01-02", "reason": "Matrix"},
    ),  # fmt: skip
    Row("houses:closure_remove", "get", _closure("houses:closure_remove"), STAFF),
    Row("houses:closure_remove", "post", _closure("houses:closure_remove"), STAFF),
    Row("houses:create", "get", lambda cast: reverse("houses:create"), CREATORS),
    Row("houses:create", "get", lambda cast: reverse("houses:create") + "?netwerk=" + cast.network_a.slug, CREATORS),
    Row(
        "houses:create",
        "post",
        lambda cast: reverse("houses:create"),
        CREATORS,
        payload=lambda cast: {
            "network": cast.network_a.pk,
            "name": "Matrixhuis",
            "country": "NL",
            "owner_type": "other",
        },
    ),  # fmt: skip
    # API: reading is public
    Row("api:houses_list", "get", lambda cast: "/api/v1/houses/", EVERYONE, api=True),
    Row("api:houses_detail", "get", lambda cast: API_HOUSE, EVERYONE, api=True),
    Row("api:houses_rooms", "get", lambda cast: API_HOUSE + "/rooms", EVERYONE, api=True),
    # API: writing
    Row(
        "api:houses_create",
        "post",
        lambda cast: "/api/v1/houses/",
        CREATORS,
        api=True,
        payload=lambda cast: {"network": cast.network_a.slug, "name": "Matrixhuis"},
    ),  # fmt: skip
    Row(
        "api:houses_update",
        "patch",
        lambda cast: API_HOUSE,
        EDITORS,
        api=True,
        payload=lambda cast: {"phone": "0412 000000"},
    ),  # fmt: skip
    Row(
        "api:houses_room_create",
        "post",
        lambda cast: API_HOUSE + "/rooms",
        EDITORS,
        api=True,
        payload=lambda cast: {"name": "Matrixzaal", "capacity": 10},
    ),  # fmt: skip
    Row(
        "api:houses_room_update",
        "patch",
        lambda cast: f"{API_HOUSE}/rooms/{cast.room_a.pk}",
        EDITORS,
        api=True,
        payload=lambda cast: {"capacity": 12},
    ),  # fmt: skip
    Row("api:houses_room_delete", "delete", lambda cast: f"{API_HOUSE}/rooms/{cast.room_a.pk}", EDITORS, api=True),
]

PUBLIC_ROUTES = {"houses:public_detail", "api:houses_list", "api:houses_detail", "api:houses_rooms"}
