"""Regression tests for what the API fuzzer found: each was a 500 before its fix. The request is written out
as the fuzzer sent it (minimised), against the seeded house A of ``conftest.py``."""

from __future__ import annotations

import json

import pytest

from buurtkracht.billing.models import RateCard
from buurtkracht.bookings.models import BookingSeries
from tests.api.support import bearer

pytestmark = pytest.mark.django_db


def _post(client, world, url: str, body: dict, role: str = "house_manager"):
    return client.post(url, data=json.dumps(body), content_type="application/json", **bearer(world.tokens[role]))


def test_split_from_the_first_date_with_a_new_title_renames_the_series(world, client):
    """Splitting at (or before) the first date means changing the whole series; the title went on to the
    rule change, which does not take it (TypeError: Unknown fields: ['title'])."""
    series = BookingSeries.objects.get(pk=world.ids["confirmed_series_id"])
    first = series.occurrences.order_by("slot_date").first().slot_date
    response = _post(client, world, f"/api/v1/bookings/series/{series.pk}/split",
                     {"at": first.isoformat(), "title": "Koor (nieuw)"})  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Koor (nieuw)"
    series.refresh_from_db()
    assert series.title == "Koor (nieuw)"


def test_split_from_the_first_date_with_title_and_new_time_changes_both(world, client):
    series = BookingSeries.objects.get(pk=world.ids["confirmed_series_id"])
    first = series.occurrences.order_by("slot_date").first().slot_date
    response = _post(client, world, f"/api/v1/bookings/series/{series.pk}/split",
                     {"at": first.isoformat(), "title": "Koor later", "start_time": "20:00", "end_time": "22:00"})  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Koor later"
    assert body["start_time"] == "20:00:00"


RATE_CARD = {"name": "Tarieven", "valid_from": "2030-01-01", "unit": "hour", "hour_price": "30.00",
             "vat_category": "E", "vat_exemption_reason": "Verhuur van onroerend goed"}  # fmt: skip


@pytest.mark.parametrize("field", ["morning_starts", "afternoon_starts", "evening_starts"])
def test_rate_card_times_with_a_time_zone_are_refused(world, client, field):
    """``"13:00:00Z"`` parsed into an aware time, and comparing it with the naive defaults raised TypeError."""
    before = RateCard.objects.count()
    response = _post(client, world, f"/api/v1/billing/houses/{world.ids['house_slug']}/rate-cards",
                     {**RATE_CARD, field: "13:00:00Z"})  # fmt: skip
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json())
    assert RateCard.objects.count() == before


def test_rate_card_with_local_times_is_created(world, client):
    response = _post(client, world, f"/api/v1/billing/houses/{world.ids['house_slug']}/rate-cards",
                     {**RATE_CARD, "room": world.ids["hall_id"], "morning_starts": "07:30", "afternoon_starts": "12:30"})  # fmt: skip
    assert response.status_code == 201, response.content
    assert RateCard.objects.get(pk=response.json()["id"]).morning_starts.isoformat() == "07:30:00"


@pytest.mark.parametrize("field", ["start", "end"])
def test_quote_times_with_a_time_zone_are_refused(world, client, field):
    query = {"house": world.ids["house_slug"], "room": world.ids["room_id"], "dates": "2031-03-03",
             "start": "19:00", "end": "21:00", field: "20:00:00Z"}  # fmt: skip
    response = client.get("/api/v1/billing/quote", query, **bearer(world.tokens["house_manager"]))
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json())


def test_quote_with_local_times_is_priced(world, client):
    query = {"house": world.ids["house_slug"], "room": world.ids["room_id"], "dates": "2031-03-03",
             "start": "19:00", "end": "21:00"}  # fmt: skip
    response = client.get("/api/v1/billing/quote", query, **bearer(world.tokens["house_manager"]))
    assert response.status_code == 200, response.content


SERIES = {"house": "huis-a", "title": "Vergadering", "first_date": "2031-03-03", "start_time": "19:00Z",
          "end_time": "21:00"}  # fmt: skip


@pytest.mark.parametrize("operation", ["series/check", "series"])
@pytest.mark.parametrize("field", ["start_time", "end_time"])
def test_booking_times_with_a_time_zone_are_refused(world, client, operation, field):
    """The house's local wall-clock times; an aware time failed when compared with naive ones."""
    body = {**SERIES, "room": world.ids["room_id"], "start_time": "19:00", field: "19:00:00+05:00"}
    if field == "end_time":
        body["end_time"] = "21:00:00+05:00"
    before = BookingSeries.objects.count()
    response = _post(client, world, f"/api/v1/bookings/{operation}", body)
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json())
    assert BookingSeries.objects.count() == before


@pytest.mark.parametrize("action", ["move", "split"])
def test_date_move_and_split_times_with_a_time_zone_are_refused(world, client, action):
    series_id, occurrence_id = world.ids["confirmed_series_id"], world.ids["confirmed_occurrence_id"]
    series = BookingSeries.objects.get(pk=series_id)
    day = series.occurrences.order_by("slot_date").last().slot_date.isoformat()
    if action == "move":
        url, body = f"/api/v1/bookings/series/{series_id}/dates/{occurrence_id}/move", {"date": day}
    else:
        url, body = f"/api/v1/bookings/series/{series_id}/split", {"at": day}
    response = _post(client, world, url, {**body, "start_time": "10:00:00Z", "end_time": "12:00"})
    assert response.status_code == 422, response.content
    assert "start_time" in json.dumps(response.json())


@pytest.mark.parametrize("period", ["week", "month", "year"])
@pytest.mark.parametrize("day", ["9999-12-31", "3000-01-01", "1999-12-31", "0001-01-01"])
def test_occupancy_far_from_now_is_refused(world, client, period, day):
    """``date=9999-12-31`` made the period end in year 10000: ValueError, 500."""
    url = f"/api/v1/bookings/occupancy/{world.ids['house_slug']}"
    response = client.get(url, {"period": period, "date": day}, **bearer(world.tokens["house_manager"]))
    assert response.status_code == 422, response.content
    assert "date" in json.dumps(response.json())


@pytest.mark.parametrize("period", ["week", "month", "year"])
@pytest.mark.parametrize("day", ["2999-12-31", "2000-01-01"])
def test_occupancy_at_the_edges_of_the_range_is_reported(world, client, period, day):
    url = f"/api/v1/bookings/occupancy/{world.ids['house_slug']}"
    response = client.get(url, {"period": period, "date": day}, **bearer(world.tokens["house_manager"]))
    assert response.status_code == 200, response.content
    assert response.json()["booked_hours"] == 0


@pytest.mark.parametrize("operation", ["series", "occurrences"])
@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+00:01", "0001-01-01T00:00:00", "9999-12-31T23:59:59-01:00", "1899-12-31T23:00:00Z"]
)
@pytest.mark.parametrize("field", ["start", "end"])
def test_booking_lists_refuse_moments_at_the_edge_of_the_calendar(world, client, operation, moment, field):
    """``end=0001-01-01T00:00:00+00:01`` became year 0 in UTC: OverflowError, 500."""
    response = client.get(f"/api/v1/bookings/{operation}", {field: moment}, **bearer(world.tokens["house_manager"]))
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json())


@pytest.mark.parametrize("operation", ["series", "occurrences"])
def test_booking_lists_filter_by_a_window(world, client, operation):
    query = {"start": "2000-01-01T00:00:00Z", "end": "2999-01-01T00:00:00+01:00", "house": world.ids["house_slug"]}
    response = client.get(f"/api/v1/bookings/{operation}", query, **bearer(world.tokens["house_manager"]))
    assert response.status_code == 200, response.content
    assert response.json()
