"""Who may use the free-space search and the occupancy pages and endpoints (format: buurtkracht/lib/testing.py).

The search is public: everyone finds the public houses (house A is public in the cast), people with a role
also their own. Occupancy is for the readers of house A: its manager and volunteer, and the coordinator
and municipality officer of network A (``houses.house:view_manage``). House A is public, so everyone else
knows it exists and gets 403, not 404.

The lead imports these into ``bookings/tests/matrix.py``::

    from buurtkracht.bookings.tests.search_matrix import MATRIX as SEARCH_MATRIX, PUBLIC_ROUTES as SEARCH_PUBLIC
    MATRIX += SEARCH_MATRIX
    PUBLIC_ROUTES |= SEARCH_PUBLIC
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse

from buurtkracht.lib.testing import CAST_ROLES, Row

EVERYONE = set(CAST_ROLES)
HOUSE_A_READERS = {"manager_a", "volunteer_a", "coordinator", "officer"}


def _search_query(cast) -> str:
    from buurtkracht.bookings.tests.factories import future_monday

    return urlencode(
        {
            "network": cast.network_a.slug,
            "first_date": (future_monday() + timedelta(days=3)).isoformat(),
            "weeks": 2,
            "start_time": "19:30",
            "end_time": "21:30",
            "min_capacity": 10,
        }  # fmt: skip
    )


MATRIX = [
    Row("bookings:search", "get", lambda cast: reverse("bookings:search"), EVERYONE),
    Row(
        "bookings:search (results)",
        "get",
        lambda cast: reverse("bookings:search") + "?" + _search_query(cast),
        EVERYONE,
    ),  # fmt: skip
    Row(
        "bookings:occupancy",
        "get",
        lambda cast: reverse("bookings:occupancy", args=[cast.house_a.slug]),
        HOUSE_A_READERS,
    ),  # fmt: skip
    Row(
        "api:bookings_search", "get", lambda cast: "/api/v1/bookings/search/?" + _search_query(cast), EVERYONE, api=True
    ),  # fmt: skip
    Row(
        "api:bookings_occupancy",
        "get",
        lambda cast: f"/api/v1/bookings/occupancy/{cast.house_a.slug}?period=month",
        HOUSE_A_READERS,
        api=True,
    ),  # fmt: skip
]

PUBLIC_ROUTES = {"bookings:search", "api:bookings_search"}
