"""The iCalendar feeds: they parse, expanding them yields exactly the occupying dates in the database
(after cancellations, moves, re-adds, splits and DST), they can be revoked, and titles stay private."""

from datetime import time, timedelta

import icalendar
import pytest
import recurring_ical_events

from buurtkracht.bookings.models import OCCUPYING, Occurrence
from buurtkracht.bookings.services import approval, exceptions, feeds
from buurtkracht.bookings.services.ical import ICAL_STATUS, build_calendar, feed_scope_q, feed_window
from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.houses.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def expanded(feed) -> set:
    start, end = feed_window()
    calendar = icalendar.Calendar.from_ical(build_calendar(feed).to_ical())
    return {
        (e["DTSTART"].dt, e["DTEND"].dt, str(e.get("STATUS")))
        for e in recurring_ical_events.of(calendar).between(start, end)
    }


def in_database(feed) -> set:
    start, end = feed_window()
    rows = Occurrence.objects.filter(feed_scope_q(feed), status__in=OCCUPYING, start__lt=end, end__gt=start)
    return {(o.start, o.end, ICAL_STATUS[o.status]) for o in rows}


@pytest.fixture
def busy_house(cast):
    """Series with every kind of per-date change, in a room and in the two halves of a hall."""
    other = RoomFactory(house=cast.house_a, name="Kleine zaal")
    weekly = book(cast.room_a, kind="weekly", weekdays=[1, 3], count=10, organisation=cast.organisation_a,
                  title="Koor")  # fmt: skip
    rows = list(weekly.occurrences.order_by("slot_date"))
    exceptions.cancel_date(rows[1], actor=cast.manager_a)
    exceptions.move_date(rows[2], actor=cast.manager_a, day=rows[2].slot_date + timedelta(days=1),
                         start_time=time(10), duration_minutes=45)  # fmt: skip
    exceptions.move_date(rows[3], actor=cast.manager_a, day=rows[3].slot_date, start_time=time(19, 30),
                         duration_minutes=120, room=other)  # fmt: skip
    exceptions.cancel_date(rows[4], actor=cast.manager_a)
    exceptions.readd_date(rows[4], actor=cast.manager_a)
    exceptions.split_series(weekly, at=rows[6].slot_date, actor=cast.manager_a, start_time=time(20, 15))
    request = book(cast.room_a, kind="monthly", weekdays=[4], month_week=-1, count=4, status="requested",
                   start=time(14), title="Markt", actor=cast.contact, organisation=cast.organisation_a)  # fmt: skip
    approval.approve([request.occurrences.order_by("slot_date").first()], actor=cast.manager_a)
    book(cast.room_a, kind="dates", dates=[future_monday(3), future_monday(5)], first_date=future_monday(3),
         start=time(9), title="Losse data")  # fmt: skip
    book(other, kind="weekly", weekdays=[5], count=3, start=time(21), minutes=360, title="Nacht")
    return cast


@pytest.mark.parametrize("scope", ["room", "house", "organisation", "other_room"])
def test_expanding_the_feed_gives_exactly_the_booked_dates(busy_house, scope):
    cast = busy_house
    target = {"room": cast.room_a, "house": cast.house_a, "organisation": cast.organisation_a,
              "other_room": cast.house_a.rooms.get(name="Kleine zaal")}[scope]  # fmt: skip
    feed, _raw = feeds.create_feed(actor=cast.manager_a, scope=target, show_details=True)
    found, expected = expanded(feed), in_database(feed)
    assert expected and found == expected


def test_cancelled_dates_are_exdates_and_moves_carry_recurrence_ids(busy_house):
    cast = busy_house
    feed, _raw = feeds.create_feed(actor=cast.manager_a, scope=cast.room_a, show_details=True)
    calendar = icalendar.Calendar.from_ical(build_calendar(feed).to_ical())
    events = list(calendar.walk("VEVENT"))
    masters = [e for e in events if "RRULE" in e or "RDATE" in e]
    assert any("EXDATE" in e for e in masters)
    overrides = [e for e in events if "RECURRENCE-ID" in e]
    assert overrides and all(any(m["UID"] == o["UID"] for m in masters) for o in overrides)
    assert any(str(e.get("STATUS")) == "TENTATIVE" for e in events)
    assert calendar.walk("VTIMEZONE")


def test_a_public_feed_says_only_booked(cast):
    book(cast.room_a, title="Geheim overleg")
    feed, raw = feeds.create_feed(actor=cast.manager_a, scope=cast.room_a, show_details=False)
    body = build_calendar(feed).to_ical().decode()
    assert "Geheim overleg" not in body and "Bezet" in body


def test_the_feed_url_works_until_it_is_revoked(cast, client):
    from django.urls import reverse

    book(cast.room_a)
    feed, raw = feeds.create_feed(actor=cast.manager_a, scope=cast.house_a)
    url = reverse("bookings:ical_feed", args=[raw])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(reverse("bookings:ical_feed", args=["x" + raw[1:]])).status_code == 404
    feeds.revoke_feed(feed, actor=cast.manager_a)
    assert client.get(url).status_code == 404
    assert feed.token_hash != raw and raw not in feed.token_hash
