"""GET /api/v1/bookings/search/: the same search as the page, as JSON; bounded input, 422 with a message."""

from datetime import time, timedelta

import pytest

from buurtkracht.accounts.models import ApiToken
from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.bookings.tests.test_search_pages import URLCONF
from buurtkracht.houses.models import Facility
from buurtkracht.houses.tests.factories import RoomFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]
URL = "/api/v1/bookings/search/"


def thursday():
    return future_monday() + timedelta(days=3)


def params(cast, **extra):
    data = {
        "network": cast.network_a.slug, "first_date": thursday().isoformat(), "weeks": 3, "start_time": "19:30",
        "end_time": "21:30", "min_capacity": 10,
    }  # fmt: skip
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_the_search_answers_ranked_rooms_with_the_dates_that_are_not_free(cast, client):
    other = RoomFactory(house=cast.house_a, name="Bovenzaal", capacity=20)
    taken = thursday() + timedelta(weeks=2)
    book(cast.room_a, first_date=taken, start=time(19), minutes=60)
    response = client.get(URL, params(cast))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], body["fully_free"], body["page"]) == (2, 1, 1)
    assert body["dates"] == [(thursday() + timedelta(weeks=w)).isoformat() for w in range(3)]
    first, second = body["items"]
    assert first["room_id"] == other.pk and first["fully_free"] and first["not_free"] == []
    assert second["room_id"] == cast.room_a.pk and (second["free"], second["total"]) == (2, 3)
    assert second["not_free"] == [{"date": taken.isoformat(), "reason": "booked", "note": ""}]
    assert second["request_url"].startswith(f"/reserveringen/huis/{cast.house_a.slug}/aanvragen/?zaal=")
    assert first["start_time"] == "19:30:00" and first["house"] == cast.house_a.slug


def test_a_place_with_a_radius_and_every_facility_required(cast, client):
    kitchen, beamer = Facility.objects.get(code="kitchen"), Facility.objects.get(code="beamer")
    both = RoomFactory(house=cast.house_b, name="Alles", facilities=[kitchen, beamer])
    RoomFactory(house=cast.house_b, name="Keuken", facilities=[kitchen])
    query = params(cast, network=None, lat=51.765, lon=5.518, radius_km=5)
    query["facility"] = ["kitchen", "beamer"]
    body = client.get(URL, query).json()
    assert [item["room_id"] for item in body["items"]] == [both.pk]
    assert body["items"][0]["distance_km"] == 0.0


def test_paging_keeps_the_count(cast, client):
    for n in range(3):
        RoomFactory(house=cast.house_a, name=f"Zaal {n}", capacity=20)
    body = client.get(URL, params(cast, page=2, page_size=2)).json()
    assert body["count"] == 4 and len(body["items"]) == 2 and body["page"] == 2


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"weeks": 53}, "weeks"),
        ({"radius_km": 101, "lat": 51.7, "lon": 5.5, "network": None}, "radius_km"),
        ({"end_time": "19:00"}, "end_time"),
        ({"facility": "jacuzzi"}, "facility"),
        ({"network": None}, "place"),
        ({"network": "bestaat-niet"}, "network"),
        ({"first_date": "2020-01-02"}, "first_date"),
        ({"first_date": "31-02-2026"}, "first_date"),
        ({"duration_minutes": 5}, "duration_minutes"),
        ({"min_capacity": 0}, "min_capacity"),
        ({"page_size": 101}, "page_size"),
        ({"postcode": "5341 AB", "lat": 51.7, "lon": 5.5, "network": None}, "postcode"),
        ({"postcode": "0000", "network": None}, "postcode"),
    ],
)
def test_bad_input_gets_422_with_a_message(cast, client, extra, field):
    response = client.get(URL, params(cast, **extra))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["message"]
    assert field in str(body.get("errors", "")), body


def test_a_house_that_is_not_public_is_found_with_a_token_of_its_manager(cast, client):
    cast.house_a.is_public = False
    cast.house_a.save()
    assert client.get(URL, params(cast)).json()["count"] == 0
    secret = ApiToken.new_secret()
    ApiToken.objects.create(user=cast.manager_a, name="test", key_hash=ApiToken.hash(secret), hint=secret[:8])
    body = client.get(URL, params(cast), HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert body["count"] == 1 and body["items"][0]["room_id"] == cast.room_a.pk
    assert client.get(URL, params(cast), HTTP_AUTHORIZATION="Bearer bk_wrong").json()["count"] == 0
