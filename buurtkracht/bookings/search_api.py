"""/api/v1/bookings/search/ (public: public houses for everyone, more for people with a role) and
/api/v1/bookings/occupancy/{house} (house readers). Mounted by ``bookings/api.py`` with
``router.add_router("", search_router)``; :func:`build_router` makes a fresh copy for tests."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from buurtkracht.accounts.api_auth import api_viewer as viewer
from buurtkracht.bookings import occupancy
from buurtkracht.bookings.search import make_request, search, unknown_facilities
from buurtkracht.bookings.search.schemas import Message, OccupancyFilters, OccupancyOut, SearchFilters, SearchPage
from buurtkracht.bookings.search_views import request_link
from buurtkracht.houses.getters import get_house_for_user
from buurtkracht.lib import ratelimit
from buurtkracht.networks.geocoding import is_valid_postcode, locate
from buurtkracht.networks.models import Network

SlugPath = Path(..., max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def search_request(user, filters: SearchFilters):
    """The API filters as a checked search question (422 with a message per field when not)."""
    network_id = None
    if filters.network:
        network = Network.objects.visible_to(user).filter(slug=filters.network).first()
        if network is None:
            raise _invalid("network", _("There is no network with this short name."))
        network_id = network.pk
    latitude, longitude = filters.lat, filters.lon
    if filters.postcode:
        if latitude is not None:
            raise _invalid("postcode", _("Give a postcode or lat and lon, not both."))
        location = (
            locate(filters.country, filters.postcode) if is_valid_postcode(filters.country, filters.postcode) else None
        )
        if location is None or location.latitude is None:
            raise _invalid("postcode", _("We cannot place this postcode on the map."))
        latitude, longitude = location.latitude, location.longitude
    radius = filters.radius_km
    if latitude is not None and radius is None:
        radius = 10.0
    unknown = unknown_facilities(filters.facility) if filters.facility else []
    if unknown:
        raise _invalid("facility", _("Unknown facility: %(codes)s.") % {"codes": ", ".join(unknown)})
    return make_request(
        first_date=filters.first_date, weekday=filters.weekday, weeks=filters.weeks, until_date=filters.until_date,
        start_time=filters.start_time, end_time=filters.end_time, duration_minutes=filters.duration_minutes,
        min_capacity=filters.min_capacity, facilities=filters.facility, accessible=filters.accessible,
        network_id=network_id, latitude=latitude, longitude=longitude, radius_km=radius,
        skip_public_holidays=filters.skip_public_holidays, skip_school_holidays=filters.skip_school_holidays,
    )  # fmt: skip


def _item(result, req) -> dict:
    return {
        "room_id": result.room_id, "room_name": result.room_name, "capacity": result.capacity,
        "divisible_hall": result.is_hall, "part_of": result.parent_id, "house": result.house_slug,
        "house_name": result.house_name, "city": result.city,
        "distance_km": round(result.distance_km, 2) if result.distance_km is not None else None,
        "start_time": result.start_time, "end_time": result.end_time, "free": result.free_count,
        "total": result.total, "fully_free": result.fully_free,
        "not_free": [{"date": n.day, "reason": n.reason, "note": n.note} for n in result.not_free],
        "request_url": request_link(result, req),
    }  # fmt: skip


def _occupancy_out(report) -> dict:
    return {
        "house": report.house.slug, "period": report.period, "start": report.start, "end": report.end,
        "label": report.label, "open_hours": _round(report.open_hours), "booked_hours": round(report.booked_hours, 2),
        "occupancy": _round(report.occupancy, 4), "categories": [
            {**c, "hours": round(c["hours"], 2)} for c in report.categories
        ],
        "rooms": [
            {"room_id": r.room_id, "name": r.name, "part_of": r.parent_id, "open_hours": _round(r.open_hours),
             "booked_hours": round(r.booked_hours, 2), "occupancy": _round(r.occupancy, 4),
             "by_category": {k: round(v, 2) for k, v in sorted(r.by_category.items())}}
            for r in report.rooms
        ],
    }  # fmt: skip


def _round(value, digits: int = 2):
    return None if value is None else round(value, digits)


def build_router() -> Router:
    router = Router(tags=["bookings"])

    @router.get(
        "/search/", auth=None, response={200: SearchPage, 422: Message, 429: Message},
        url_name="bookings_search", operation_id="bookings_search",
    )  # fmt: skip
    def search_rooms(request, filters: Query[SearchFilters]):
        """Free rooms across a network or near a place, for one date or a weekly slot, ranked: rooms free on
        every date first, then by the number of free dates, distance and capacity fit. Each room lists the
        dates that are not free and why. Public houses for everyone; houses you work for as well. At most
        ``RATELIMIT_SEARCH_PER_MINUTE`` searches a minute per person (or address), counted with the page (429)."""
        user = viewer(request)
        refusal = ratelimit.api_refusal(
            "bookings.search", request, setting="RATELIMIT_SEARCH_PER_MINUTE", window=60, user=user
        )
        if refusal is not None:
            return Status(429, refusal)
        req = search_request(user, filters)
        size, number = filters.page_size, filters.page
        result = search(req, user=user, limit=size, offset=(number - 1) * size)
        return {
            "count": result.count, "fully_free": result.fully_free, "dates": list(req.dates), "page": number,
            "page_size": size, "items": [_item(r, req) for r in result.results],
        }  # fmt: skip

    @router.get(
        "/occupancy/{slug}", response={200: OccupancyOut, 401: Message, 403: Message, 404: Message, 422: Message},
        url_name="bookings_occupancy", operation_id="bookings_occupancy",
    )  # fmt: skip
    def house_occupancy(request, filters: Query[OccupancyFilters], slug: str = SlugPath):
        """Booked hours against each room's own opening hours, per week, month or year, by renter category
        (needs ``houses.house:view_manage`` on the house)."""
        house = get_house_for_user(request.user, slug, perm="houses.house:view_manage")
        day = filters.date or timezone.now().astimezone(ZoneInfo(house.time_zone)).date()
        return _occupancy_out(occupancy.house_occupancy(house, filters.period, day))

    return router


router = build_router()
