"""Free-space search: the service (:mod:`.service`), the claim probe (:mod:`.claims`), the form and the
API schemas. Pages live in ``bookings/search_views.py``, the API in ``bookings/search_api.py``."""

from buurtkracht.bookings.search.request import (
    BOOKED,
    CLOSED,
    HOLIDAY,
    MAX_RADIUS_KM,
    MAX_WEEKS,
    OUTSIDE_HOURS,
    PAST,
    REASONS,
    NotFree,
    RoomResult,
    SearchRequest,
    SearchResult,
    distance_words,
    make_request,
    reason_words,
    unknown_facilities,
)
from buurtkracht.bookings.search.service import search

__all__ = [
    "BOOKED", "CLOSED", "HOLIDAY", "MAX_RADIUS_KM", "MAX_WEEKS", "OUTSIDE_HOURS", "PAST", "REASONS", "NotFree",
    "RoomResult", "SearchRequest", "SearchResult", "distance_words", "make_request", "reason_words", "search",
    "unknown_facilities",
]  # fmt: skip
