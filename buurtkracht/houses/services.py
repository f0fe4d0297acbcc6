"""Every write to houses, rooms, opening hours and closures. Each runs in a transaction and leaves an
audit entry. Callers (views, API, importers, commands) check permissions first; ``actor`` may be ``None``
for the system (imports from the command line, the demo)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.fields.files import FieldFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.core.audit import log_action, register_display
from buurtkracht.houses.models import Closure, Facility, House, OpeningHours, Room
from buurtkracht.houses.photos import prepare_photo
from buurtkracht.houses.regions import default_holiday_region, default_time_zone
from buurtkracht.networks.geocoding import is_valid_postcode, locate, nearest_district, normalise_postcode

HOUSE_FIELDS = {
    "name", "street", "postcode", "city", "country", "latitude", "longitude", "time_zone", "owner_type",
    "holiday_region", "description", "accessibility", "email", "phone", "website", "is_public", "area",
    "municipality", "photo",
}  # fmt: skip
ROOM_FIELDS = {
    "name", "parent", "capacity", "floor_area_m2", "accessibility_notes", "description", "is_bookable",
    "setup_minutes", "cleanup_minutes", "sort_order",
}  # fmt: skip


register_display(
    {
        "houses.house.created": gettext_lazy("%(actor)s added the community centre %(object)s."),
        "houses.house.changed": gettext_lazy("%(actor)s changed the details of %(object)s."),
        "houses.house.deleted": gettext_lazy("%(actor)s deleted the community centre %(object)s."),
        "houses.room.created": gettext_lazy("%(actor)s added the room %(object)s."),
        "houses.room.changed": gettext_lazy("%(actor)s changed the room %(object)s."),
        "houses.room.deleted": gettext_lazy("%(actor)s deleted the room %(object)s."),
        "houses.opening_hours.changed": gettext_lazy("%(actor)s changed the opening hours of %(object)s."),
        "houses.closure.added": gettext_lazy("%(actor)s added a closure: %(object)s."),
        "houses.closure.removed": gettext_lazy("%(actor)s removed a closure: %(object)s."),
        "houses.facility.created": gettext_lazy("%(actor)s added the facility %(object)s to the catalogue."),
        "houses.facility.changed": gettext_lazy("%(actor)s changed the facility %(object)s in the catalogue."),
        "houses.facility.deleted": gettext_lazy("%(actor)s removed the facility %(object)s from the catalogue."),
    }
)

# Words that are page addresses under /huizen/ themselves, so no house may take them as its slug.
RESERVED_SLUGS = {"nieuw", "new", "beheer", "api"}


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    base = slugify(text)[:140] or "huis"
    slug, n = base, 2
    existing = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while slug in RESERVED_SLUGS or existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def place_house(house: House, *, strict: bool = True) -> None:
    """Fill in what the postcode tells when it was not given: position (flagged as estimated),
    municipality, district, time zone and school-holiday region.

    ``strict`` (a new or changed postcode) refuses a malformed or unknown postcode; otherwise an
    unknown postcode simply tells nothing, so a house entered before the reference data was loaded
    can still be edited."""
    if house.postcode:
        valid = is_valid_postcode(house.country, house.postcode)
        if not valid and strict:
            raise ValidationError({"postcode": _("Enter a postcode like 5341 AB (Netherlands) or 2220 (Belgium).")})
        if valid and house.country == "NL":
            digits = normalise_postcode("NL", house.postcode)
            house.postcode = f"{digits[:4]} {digits[4:]}".strip()
        location = locate(house.country, house.postcode) if valid else None
        if location is None and strict:
            raise ValidationError({"postcode": _("We do not know this postcode. Check the number and the country.")})
    else:
        location = None
    if location is not None:
        if house.latitude is None or house.longitude is None:
            house.latitude, house.longitude = location.latitude, location.longitude
            house.position_from_postcode = location.latitude is not None
        if house.municipality_id is None and location.municipality is not None:
            house.municipality = location.municipality
        if house.area_id is None and house.latitude is not None:
            house.area = nearest_district(house.latitude, house.longitude, house.municipality)
    if house._state.adding:
        municipality = house.municipality if house.municipality_id else None
        if not house.holiday_region or house.holiday_region == House._meta.get_field("holiday_region").default:
            house.holiday_region = default_holiday_region(
                house.country,
                municipality.province if municipality else "",
                getattr(municipality, "region", "") if municipality else "",
                municipality.code if municipality else "",
            )
        if house.time_zone == House._meta.get_field("time_zone").default:
            house.time_zone = default_time_zone(house.country)


def _checked_photo(value):
    """A new photo file goes through ``photos.prepare_photo`` (re-encoded, no metadata, random name) whoever
    calls the service; an empty value clears the photo."""
    if isinstance(value, File) and not isinstance(value, FieldFile):
        try:
            return prepare_photo(value)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from None
    return value


def _remove_photo_file_later(name: str) -> None:
    """Delete a replaced or cleared photo from the storage once the change is committed."""
    if name:
        storage = House._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def create_house(*, actor, name: str, networks: Iterable = (), **fields) -> House:
    unknown = set(fields) - HOUSE_FIELDS
    if unknown:
        raise TypeError(f"Unknown house fields: {sorted(unknown)}")
    if "photo" in fields:
        fields["photo"] = _checked_photo(fields["photo"])
    house = House(name=name.strip(), **fields)
    house.slug = unique_slug(House, house.name)
    place_house(house)
    house.full_clean()
    house.save()
    network_list = list(networks)
    if network_list:
        house.networks.set(network_list)
    log_action(
        actor, "houses.house.created", house, house_id=house.pk,
        network_id=network_list[0].pk if network_list else None,
        data={"networks": [n.pk for n in network_list]},
    )  # fmt: skip
    return house


@transaction.atomic
def update_house(house: House, *, actor, networks: Iterable | None = None, **changes) -> House:
    unknown = set(changes) - HOUSE_FIELDS
    if unknown:
        raise TypeError(f"Unknown house fields: {sorted(unknown)}")
    old_photo = house.photo.name if "photo" in changes else ""
    if "photo" in changes:
        changes["photo"] = _checked_photo(changes["photo"])
    before = {field: getattr(house, field) for field in changes}
    for field, value in changes.items():
        setattr(house, field, value)
    moved = any(f in changes and changes[f] != before[f] for f in ("postcode", "country"))
    if moved:
        if "latitude" not in changes:
            house.latitude = house.longitude = None
        if "municipality" not in changes:
            house.municipality = None
        if "area" not in changes:
            house.area = None
    elif "latitude" in changes or "longitude" in changes:
        house.position_from_postcode = False
    place_house(house, strict=moved)
    house.full_clean()
    house.save()
    if networks is not None:
        house.networks.set(list(networks))
        house._network_ids = None
    if old_photo and house.photo.name != old_photo:
        _remove_photo_file_later(old_photo)
    changed = {f: str(getattr(house, f)) for f in changes if before[f] != getattr(house, f)}
    log_action(actor, "houses.house.changed", house, house_id=house.pk, data={"changed": changed})
    return house


def resolve_facilities(facilities) -> list[Facility]:
    """Facility objects for a mix of objects and codes; a ``ValidationError`` names unknown codes."""
    items = list(facilities)
    codes = {f for f in items if not isinstance(f, Facility)}
    found = {f.code: f for f in Facility.objects.filter(code__in=codes)} if codes else {}
    unknown = sorted(str(code) for code in codes - set(found))
    if unknown:
        raise ValidationError(
            {"facilities": _("We do not know these facilities: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [f if isinstance(f, Facility) else found[f] for f in items]


def _check_parent(room: Room) -> None:
    if room.parent_id is None:
        return
    if room.pk and room.parent_id == room.pk:
        raise ValidationError({"parent": _("A room cannot be a part of itself.")})
    if room.parent.house_id != room.house_id:
        raise ValidationError({"parent": _("A room can only be part of a hall in the same house.")})
    if room.parent.parent_id is not None:
        raise ValidationError({"parent": _("A part of a hall cannot itself be divided further.")})
    if room.pk and room.parts.exists():
        raise ValidationError({"parent": _("This room is divided into parts itself, so it cannot be a part.")})


def _check_room(room: Room) -> None:
    _check_parent(room)
    if room.capacity is not None and room.capacity < 1:
        raise ValidationError({"capacity": _("A room holds at least 1 person.")})
    if room.floor_area_m2 is not None and room.floor_area_m2 <= 0:
        raise ValidationError({"floor_area_m2": _("The floor area must be larger than 0.")})
    if room.name and Room.objects.filter(house_id=room.house_id, name__iexact=room.name).exclude(pk=room.pk).exists():
        raise ValidationError({"name": _("This house already has a room called %(name)s.") % {"name": room.name}})


@transaction.atomic
def create_room(house: House, *, actor, name: str, capacity: int, facilities=None, **fields) -> Room:
    unknown = set(fields) - ROOM_FIELDS
    if unknown:
        raise TypeError(f"Unknown room fields: {sorted(unknown)}")
    room = Room(house=house, name=name.strip(), capacity=capacity, **fields)
    chosen = resolve_facilities(facilities) if facilities is not None else None
    _check_room(room)
    room.full_clean()
    room.save()
    if chosen is not None:
        room.facilities.set(chosen)
    log_action(actor, "houses.room.created", room, house_id=house.pk)
    return room


@transaction.atomic
def update_room(room: Room, *, actor, facilities=None, **changes) -> Room:
    unknown = set(changes) - ROOM_FIELDS
    if unknown:
        raise TypeError(f"Unknown room fields: {sorted(unknown)}")
    chosen = resolve_facilities(facilities) if facilities is not None else None
    if isinstance(changes.get("name"), str):
        changes["name"] = changes["name"].strip()
    for field, value in changes.items():
        setattr(room, field, value)
    _check_room(room)
    room.full_clean()
    room.save()
    fields = sorted(changes)
    if chosen is not None:
        room.facilities.set(chosen)
        fields.append("facilities")
    log_action(actor, "houses.room.changed", room, house_id=room.house_id, data={"fields": fields})
    return room


@transaction.atomic
def delete_room(room: Room, *, actor) -> None:
    if room.parts.exists():
        raise ValidationError(_("Remove the parts of this hall first."))
    house_id = room.house_id
    log_action(actor, "houses.room.deleted", room, house_id=house_id)
    try:
        room.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("This room is still in use (for example by bookings), so it cannot be deleted.")
        ) from exc


@transaction.atomic
def set_opening_hours(house: House, *, actor, periods: Iterable[tuple[int, time, time]], room: Room | None = None):
    """Replace the opening hours of the house (or of one room) with ``periods`` (weekday, opens, closes)."""
    periods = sorted(periods)
    for weekday, opens, closes in periods:
        if not 0 <= weekday <= 6:
            raise ValidationError(_("A weekday is a number from 0 (Monday) to 6 (Sunday)."))
        if closes <= opens:
            raise ValidationError(
                _("On %(day)s the closing time must be after the opening time.")
                % {"day": OpeningHours.Weekday(weekday).label}
            )
    for (day1, _o1, close1), (day2, open2, _c2) in zip(periods, periods[1:], strict=False):
        if day1 == day2 and open2 < close1:
            raise ValidationError(
                _("On %(day)s two opening periods overlap.") % {"day": OpeningHours.Weekday(day1).label}
            )
    OpeningHours.objects.filter(house=house, room=room).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(house=house, room=room, weekday=w, opens=o, closes=c) for w, o, c in periods
    )
    log_action(actor, "houses.opening_hours.changed", room or house, house_id=house.pk,
               data={"periods": [[w, o.isoformat(), c.isoformat()] for w, o, c in periods]})  # fmt: skip


@transaction.atomic
def add_closure(house: House, *, actor, start_date: date, end_date: date, reason: str = "", room=None) -> Closure:
    closure = Closure(house=house, room=room, start_date=start_date, end_date=end_date, reason=reason.strip())
    if end_date < start_date:
        raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
    if room is not None and room.house_id != house.pk:
        raise ValidationError({"room": _("Choose a room of this house.")})
    closure.full_clean()
    closure.save()
    log_action(actor, "houses.closure.added", closure, house_id=house.pk,
               data={"from": start_date.isoformat(), "to": end_date.isoformat()})  # fmt: skip
    return closure


@transaction.atomic
def remove_closure(closure: Closure, *, actor) -> None:
    log_action(actor, "houses.closure.removed", closure, house_id=closure.house_id)
    closure.delete()
