"""JSON API for community centres and their rooms, under /api/v1/houses/.

Reading is public (``auth=None``): anyone sees the public houses, a logged-in person (session or bearer
token) also the houses they work for. Writing needs a session or token and the permission on the house
(or, to create, on the network). Bad input gets 422 with a message and nothing is saved."""

from __future__ import annotations

import math
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from buurtkracht.accounts.api_auth import api_viewer as _viewer
from buurtkracht.accounts.permissions import require
from buurtkracht.houses import services
from buurtkracht.houses.getters import get_house_for_user, get_room_for_user
from buurtkracht.houses.models import Facility, House, Room
from buurtkracht.houses.schemas import (
    HouseDetailOut,
    HouseFilters,
    HouseIn,
    HousePage,
    HousePatch,
    Message,
    RoomIn,
    RoomOut,
    RoomPatch,
)
from buurtkracht.networks.geocoding import bounding_box, distance_km
from buurtkracht.networks.models import Area, Network

router = Router(tags=["houses"])

ERRORS = {401: Message, 403: Message, 404: Message, 422: Message}
READ_ERRORS = {404: Message, 422: Message}
SlugPath = Path(..., max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")
RoomIdPath = Path(..., ge=1, le=2**63 - 1)


# --- Output builders (explicit, so the queries stay countable) ---------------------------------------


def _area(area: Area | None) -> dict | None:
    return None if area is None else {"code": area.code, "name": area.name, "kind": area.kind}


def _room(room: Room, facility_codes: list[str]) -> dict:
    return {
        "id": room.pk,
        "name": room.name,
        "parent_id": room.parent_id,
        "capacity": room.capacity,
        "floor_area_m2": float(room.floor_area_m2) if room.floor_area_m2 is not None else None,
        "facilities": facility_codes,
        "accessibility_notes": room.accessibility_notes,
        "description": room.description,
        "is_bookable": room.is_bookable,
        "setup_minutes": room.setup_minutes,
        "cleanup_minutes": room.cleanup_minutes,
        "sort_order": room.sort_order,
    }


def _room_out(room: Room) -> dict:
    return _room(room, [f.code for f in room.facilities.all()])


def _summaries(user, houses: list[House], distances: dict[int, float] | None = None) -> list[dict]:
    """List rows for ``houses``: two extra queries in all (networks, facilities), whatever the count."""
    ids = [house.pk for house in houses]
    networks: dict[int, list[str]] = defaultdict(list)
    visible_networks = Network.objects.visible_to(user).values("pk")
    rows = House.networks.through.objects.filter(house_id__in=ids, network_id__in=visible_networks)
    for house_id, slug in rows.values_list("house_id", "network__slug").order_by("network__slug"):
        networks[house_id].append(slug)
    facilities: dict[int, list[str]] = defaultdict(list)
    rows = Room.facilities.through.objects.filter(room__house_id__in=ids)
    for house_id, code in (
        rows.values_list("room__house_id", "facility__code")
        .order_by("room__house_id", "facility__sort_order", "facility__code")
        .distinct()
    ):
        facilities[house_id].append(code)
    return [
        {
            "id": house.pk,
            "slug": house.slug,
            "name": house.name,
            "url": reverse("houses:public_detail", kwargs={"slug": house.slug}),
            "street": house.street,
            "postcode": house.postcode,
            "city": house.city,
            "country": house.country,
            "latitude": house.latitude,
            "longitude": house.longitude,
            "position_from_postcode": house.position_from_postcode,
            "area": _area(house.area),
            "municipality": _area(house.municipality),
            "networks": networks[house.pk],
            "max_capacity": house.max_capacity,
            "facilities": facilities[house.pk],
            "distance_km": round(distances[house.pk], 2) if distances else None,
        }
        for house in houses
    ]


def _list_queryset(user):
    return (
        House.objects.visible_to(user)
        .select_related("area", "municipality")
        .annotate(max_capacity=Max("rooms__capacity"))
    )


def _detail(user, house: House) -> dict:
    house = _list_queryset(user).filter(pk=house.pk).first() or house
    if not hasattr(house, "max_capacity"):
        house.max_capacity = None
    data = _summaries(user, [house])[0]
    rooms = house.rooms.prefetch_related(Prefetch("facilities", queryset=Facility.objects.only("code")))
    data.update(
        description=house.description,
        accessibility=house.accessibility,
        email=house.email,
        phone=house.phone,
        website=house.website,
        time_zone=house.time_zone,
        owner_type=house.owner_type,
        holiday_region=house.holiday_region,
        is_public=house.is_public,
        opening_hours=[
            {"weekday": p.weekday, "opens": p.opens, "closes": p.closes}
            for p in house.opening_hours.filter(room__isnull=True)
        ],
        rooms=[_room_out(room) for room in rooms],
    )
    return data


# --- Reading -----------------------------------------------------------------------------------------


@router.get("/", auth=None, response={200: HousePage, 422: Message}, url_name="houses_list", operation_id="houses_list")
def list_houses(request, filters: Query[HouseFilters]):
    """Community centres, filtered like the network overview; sorted by name, or by distance with lat/lon."""
    user = _viewer(request)
    qs = _list_queryset(user)
    if filters.network:
        qs = qs.filter(networks__in=Network.objects.visible_to(user).filter(slug=filters.network).values("pk"))
    if filters.area:
        qs = qs.in_area(filters.area)
    if filters.municipality:
        qs = qs.in_municipality(filters.municipality)
    if filters.facility:
        qs = qs.with_facilities(filters.facility)
    if filters.min_capacity:
        qs = qs.with_min_capacity(filters.min_capacity)
    size, number = filters.page_size, filters.page
    distances = None
    if filters.radius_km is not None:
        qs = qs.within_box(*bounding_box(filters.lat, filters.lon, filters.radius_km))
        distances = {}
        for pk, lat, lon in qs.values_list("pk", "latitude", "longitude"):
            km = distance_km(filters.lat, filters.lon, lat, lon)
            if km <= filters.radius_km:
                distances[pk] = km
        ordered = sorted(distances, key=lambda pk: (distances[pk], pk))
        count = len(ordered)
        page_ids = ordered[(number - 1) * size : number * size]
        by_pk = {house.pk: house for house in qs.filter(pk__in=page_ids)}
        houses = [by_pk[pk] for pk in page_ids]
    else:
        count = qs.count()
        houses = list(qs.order_by("name", "pk")[(number - 1) * size : number * size])
    return {
        "count": count,
        "page": number,
        "page_size": size,
        "pages": max(1, math.ceil(count / size)),
        "items": _summaries(user, houses, distances),
    }


@router.get(
    "/{slug}",
    auth=None,
    response={200: HouseDetailOut, **READ_ERRORS},
    url_name="houses_detail",
    operation_id="houses_detail",
)
def get_house(request, slug: str = SlugPath):
    """One community centre with its rooms and opening hours."""
    user = _viewer(request)
    return _detail(user, get_house_for_user(user, slug))


@router.get(
    "/{slug}/rooms",
    auth=None,
    response={200: list[RoomOut], **READ_ERRORS},
    url_name="houses_rooms",
    operation_id="houses_rooms",
)
def list_rooms(request, slug: str = SlugPath):
    """The rooms of one community centre."""
    house = get_house_for_user(_viewer(request), slug)
    rooms = house.rooms.prefetch_related(Prefetch("facilities", queryset=Facility.objects.only("code")))
    return [_room_out(room) for room in rooms]


# --- Writing -----------------------------------------------------------------------------------------


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


@router.post("/", response={201: HouseDetailOut, **ERRORS}, url_name="houses_create", operation_id="houses_create")
def create_house(request, payload: HouseIn):
    """Add a community centre to a network (needs ``houses.house:create`` on that network)."""
    user = request.user
    network = Network.objects.visible_to(user).filter(slug=payload.network).first()
    if network is None:
        raise _invalid("network", _("We do not know this network."))
    require(user, "houses.house:create", network)
    fields = payload.model_dump(exclude={"network", "name"})
    for key in ("holiday_region", "time_zone"):
        if fields[key] is None:
            fields.pop(key)
    house = services.create_house(actor=user, name=payload.name, networks=[network], **fields)
    return Status(201, _detail(user, house))


@router.patch(
    "/{slug}", response={200: HouseDetailOut, **ERRORS}, url_name="houses_update", operation_id="houses_update"
)
def update_house(request, payload: HousePatch, slug: str = SlugPath):
    """Change the details of a community centre (needs ``houses.house:change``)."""
    user = request.user
    house = get_house_for_user(user, slug, perm="houses.house:change")
    changes = payload.model_dump(exclude_unset=True)
    if "area" in changes and changes["area"] is not None:
        area = Area.objects.filter(
            code=changes["area"], kind__in=[Area.Kind.DISTRICT, Area.Kind.SUBMUNICIPALITY]
        ).first()
        if area is None:
            raise _invalid("area", _("We do not know this district."))
        changes["area"] = area
    if changes:
        services.update_house(house, actor=user, **changes)
    return _detail(user, house)


@router.post(
    "/{slug}/rooms", response={201: RoomOut, **ERRORS}, url_name="houses_room_create", operation_id="houses_room_create"
)
def create_room(request, payload: RoomIn, slug: str = SlugPath):
    """Add a room (needs ``houses.room:change`` on the house)."""
    user = request.user
    house = get_house_for_user(user, slug, perm="houses.room:change")
    fields = payload.model_dump()
    fields["parent"] = _parent(house, fields.pop("parent_id"))
    room = services.create_room(house, actor=user, **fields)
    return Status(201, _room_out(room))


@router.patch(
    "/{slug}/rooms/{room_id}",
    response={200: RoomOut, **ERRORS},
    url_name="houses_room_update",
    operation_id="houses_room_update",
)
def update_room(request, payload: RoomPatch, slug: str = SlugPath, room_id: int = RoomIdPath):
    """Change a room; ``facilities`` replaces the list (needs ``houses.room:change``)."""
    user = request.user
    house = get_house_for_user(user, slug)
    room = get_room_for_user(user, room_id, house=house, perm="houses.room:change")
    changes = payload.model_dump(exclude_unset=True)
    if "parent_id" in changes:
        changes["parent"] = _parent(house, changes.pop("parent_id"))
    services.update_room(room, actor=user, **changes)
    return _room_out(room)


@router.delete(
    "/{slug}/rooms/{room_id}",
    response={204: None, **ERRORS},
    url_name="houses_room_delete",
    operation_id="houses_room_delete",
)
def delete_room(request, slug: str = SlugPath, room_id: int = RoomIdPath):
    """Delete a room that has no parts (needs ``houses.room:change``)."""
    user = request.user
    house = get_house_for_user(user, slug)
    room = get_room_for_user(user, room_id, house=house, perm="houses.room:change")
    services.delete_room(room, actor=user)
    return Status(204, None)


def _parent(house: House, parent_id: int | None) -> Room | None:
    if parent_id is None:
        return None
    parent = house.rooms.filter(pk=parent_id).first()
    if parent is None:
        raise _invalid("parent_id", _("Choose a hall of this house as the whole."))
    return parent
