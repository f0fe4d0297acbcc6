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
    body = {"at": first.isoformat(), "title": "Koor later", "start_time": "20:00", "end_time": "22:00"}
    response = _post(client, world, f"/api/v1/bookings/series/{series.pk}/split", body)
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
    body = {**RATE_CARD, "room": world.ids["hall_id"], "morning_starts": "07:30", "afternoon_starts": "12:30"}
    response = _post(client, world, f"/api/v1/billing/houses/{world.ids['house_slug']}/rate-cards", body)
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


# PostgreSQL cannot store NUL (\x00) in text: every free-text input with one answered 500 there (found by the fuzz
# on PostgreSQL: POST /api/v1/houses/ with {"name": "\u0012\n\u0000fn…"}). SQLite stored it. Now 422 on both,
# as the HTML forms already do (Django's ProhibitNullCharactersValidator).
NUL = "Huis\x00"
NUL_WRITES = [
    ("houses_create", "post", lambda i: "/api/v1/houses/", lambda i: {"network": i["network_slug"], "name": NUL}),
    ("houses_update", "patch", lambda i: f"/api/v1/houses/{i['house_slug']}", lambda i: {"description": NUL}),
    ("organisations_create", "post", lambda i: "/api/v1/organisations/",
     lambda i: {"network_id": i["network_id"], "name": NUL, "kind": "club"}),
    ("organisations_update", "patch", lambda i: f"/api/v1/organisations/{i['organisation_id']}",
     lambda i: {"name": NUL}),
    ("me_tokens_create", "post", lambda i: "/api/v1/me/tokens", lambda i: {"name": NUL}),
    ("bookings_series_update", "patch", lambda i: f"/api/v1/bookings/series/{i['series_id']}",
     lambda i: {"title": NUL}),
    ("bookings_series_create", "post", lambda i: "/api/v1/bookings/series",
     lambda i: {"house": i["house_slug"], "room": i["room_id"], "title": "Vergadering", "description": NUL,
                "first_date": "2031-03-04", "start_time": "10:00", "end_time": "11:00"}),
    ("bookings_feeds_create", "post", lambda i: "/api/v1/bookings/feeds",
     lambda i: {"scope": "house", "id": i["house_id"], "name": NUL}),
    ("bookings_series_decline", "post", lambda i: f"/api/v1/bookings/series/{i['series_id']}/decline",
     lambda i: {"reason": NUL}),
    ("billing_rate_card_create", "post", lambda i: f"/api/v1/billing/houses/{i['house_slug']}/rate-cards",
     lambda i: {**RATE_CARD, "room": i["hall_id"], "name": NUL}),
    ("billing_payment_create", "post", lambda i: f"/api/v1/billing/invoices/{i['invoice_id']}/payments",
     lambda i: {"amount": "10.00", "paid_on": "2026-01-05", "reference": NUL}),
    ("matching_propose", "post", lambda i: f"/api/v1/matching/needs/{i['need_id']}/proposals",
     lambda i: {"room_id": i["hall_id"], "weekday": 1, "day_part": "morning", "message": NUL}),
    ("matching_answer", "post", lambda i: f"/api/v1/matching/proposals/{i['proposal_id']}/answer",
     lambda i: {"decision": "declined", "reason": NUL}),
]  # fmt: skip


@pytest.mark.parametrize("operation, method, url, body", NUL_WRITES, ids=[row[0] for row in NUL_WRITES])
def test_text_with_a_nul_character_is_refused(world, client, operation, method, url, body):
    from buurtkracht.core.models import LogEntry

    client.raise_request_exception = False
    before = LogEntry.objects.count()
    data, token = json.dumps(body(world.ids)), bearer(world.tokens["coordinator"])
    response = getattr(client, method)(url(world.ids), data=data, content_type="application/json", **token)
    assert response.status_code == 422, response.content
    assert "NUL" in json.dumps(response.json())
    assert LogEntry.objects.count() == before  # nothing written


@pytest.mark.parametrize(
    "url",
    ["/api/v1/organisations/?q=Vereniging%00", "/api/v1/networks/areas/?q=Centrum%00"],
    ids=["organisations", "areas"],
)
def test_search_text_with_a_nul_character_is_refused(world, client, url):
    client.raise_request_exception = False
    response = client.get(url, **bearer(world.tokens["coordinator"]))
    assert response.status_code == 422, response.content
