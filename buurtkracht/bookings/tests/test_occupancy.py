"""Occupancy on hand-computed examples: a week with a clock change, divisible halls weighted by floor area,
renter categories, closures; the page and the API for house readers only."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtkracht.bookings.occupancy import house_occupancy, period_bounds, summary_for_house
from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.bookings.tests.test_search_pages import URLCONF
from buurtkracht.houses.tests.factories import ClosureFactory, HouseFactory, OpeningHoursFactory, RoomFactory

pytestmark = pytest.mark.django_db


def next_clock_change(after: date, month: int) -> date:
    """The next last Sunday of ``month`` (3: clocks forward, 10: clocks back) after ``after``."""
    year = after.year
    while True:
        last = date(year, month, 31)
        change = last - timedelta(days=(last.weekday() + 1) % 7)
        if change > after:
            return change
        year += 1


def rooms_by_name(report):
    return {room.name: room for room in report.rooms}


@pytest.mark.parametrize("month", [3, 10])
def test_a_week_with_a_clock_change_counts_real_hours(cast, month):
    """Open: Monday 9-12 (3 h) and Sunday 0-6 on the night the clocks change (5 h in March, 7 h in October).
    Booked and confirmed: Monday 10-11 by the association (1 h), Sunday 1-4 by a family (2 h in March, 4 h in
    October). Not counted: a request on Monday, and a Tuesday evening outside the opening hours."""
    sunday = next_clock_change(timezone.localdate() + timedelta(days=8), month)
    monday = sunday - timedelta(days=6)
    spring = sunday.month == 3
    OpeningHoursFactory(house=cast.house_a, weekday=0, opens=time(9), closes=time(12))
    OpeningHoursFactory(house=cast.house_a, weekday=6, opens=time(0), closes=time(6))
    book(cast.room_a, first_date=monday, start=time(10), minutes=60, organisation=cast.organisation_a)
    book(cast.room_a, first_date=sunday, start=time(1), minutes=180, title="Feest")
    book(cast.room_a, first_date=monday, start=time(11), minutes=60, status="requested", title="Aanvraag")
    book(cast.room_a, first_date=monday + timedelta(days=1), start=time(19), minutes=120, title="Avond")
    report = house_occupancy(cast.house_a, "week", monday + timedelta(days=2))
    room = rooms_by_name(report)["Grote zaal"]
    night = 2 if spring else 4
    assert (report.start, report.end) == (monday, sunday + timedelta(days=1))
    assert room.open_hours == pytest.approx(8 if spring else 10)
    assert room.booked_hours == pytest.approx(1 + night)
    assert room.occupancy == pytest.approx((1 + night) / (8 if spring else 10))
    assert room.by_category == pytest.approx({"non_profit": 1, "private": night})
    assert report.occupancy == pytest.approx(room.occupancy) and report.booked_hours == pytest.approx(1 + night)
    assert [(c["code"], c["share"]) for c in report.categories] == [
        ("private", round(100 * night / (1 + night))), ("non_profit", round(100 / (1 + night))),
    ]  # fmt: skip


def test_a_divisible_hall_counts_each_part_and_the_house_weighs_by_floor_area():
    """Open Monday 9-17 (8 h). The whole hall is booked 9-11 (both parts busy 2 h), the west part 13-14.
    House: (3 h x 60 m2 + 2 h x 40 m2) / (8 h x 100 m2) = 32.5 %."""
    house = HouseFactory()
    hall = RoomFactory(house=house, name="Zaal", floor_area_m2=100)
    west = RoomFactory(house=house, name="West", parent=hall, floor_area_m2=60)
    RoomFactory(house=house, name="Oost", parent=hall, floor_area_m2=40)
    OpeningHoursFactory(house=house, weekday=0, opens=time(9), closes=time(17))
    monday = future_monday()
    book(hall, first_date=monday, start=time(9), minutes=120)
    book(west, first_date=monday, start=time(13), minutes=60)
    report = house_occupancy(house, "week", monday)
    rooms = rooms_by_name(report)
    assert (rooms["Zaal"].booked_hours, rooms["Zaal"].percent) == (2, 25)
    assert (rooms["West"].booked_hours, rooms["West"].occupancy) == (1, 0.125)
    assert rooms["Oost"].booked_hours == 0 and rooms["Oost"].open_hours == 8
    assert report.occupancy == pytest.approx(0.325) and report.booked_hours == 3
    assert report.open_hours == 16  # the two parts; the hall is their sum, not a third space


def test_own_opening_hours_and_closures_shape_the_open_hours(cast):
    """House: weekdays 9-17. The evening room has its own hours, Monday-Friday 19-22. A closure of the house
    on Wednesday and of the evening room on Thursday."""
    monday = future_monday()
    for day in range(5):
        OpeningHoursFactory(house=cast.house_a, weekday=day, opens=time(9), closes=time(17))
    evening = RoomFactory(house=cast.house_a, name="Avondzaal")
    for day in range(5):
        OpeningHoursFactory(house=cast.house_a, room=evening, weekday=day, opens=time(19), closes=time(22))
    ClosureFactory(house=cast.house_a, start_date=monday + timedelta(days=2), end_date=monday + timedelta(days=2))
    ClosureFactory(house=cast.house_a, room=evening, start_date=monday + timedelta(days=3),
                   end_date=monday + timedelta(days=3))  # fmt: skip
    book(evening, first_date=monday, start=time(19), minutes=180)
    rooms = rooms_by_name(house_occupancy(cast.house_a, "week", monday))
    assert rooms["Grote zaal"].open_hours == 4 * 8
    assert rooms["Avondzaal"].open_hours == 3 * 3
    assert rooms["Avondzaal"].booked_hours == 3 and rooms["Avondzaal"].percent == 33


def test_a_house_without_opening_hours_shows_booked_hours_but_no_percentage(cast):
    book(cast.room_a, first_date=future_monday(), start=time(19), minutes=90)
    report = house_occupancy(cast.house_a, "month", future_monday())
    assert report.occupancy is None and report.open_hours is None and report.booked_hours == 1.5
    assert rooms_by_name(report)["Grote zaal"].percent is None


def test_periods_are_local_weeks_months_and_years():
    day = date(2027, 3, 31)
    assert period_bounds("week", day) == (date(2027, 3, 29), date(2027, 4, 5))
    assert period_bounds("month", day) == (date(2027, 3, 1), date(2027, 4, 1))
    assert period_bounds("year", day) == (date(2027, 1, 1), date(2028, 1, 1))
    assert period_bounds("month", date(2027, 12, 15)) == (date(2027, 12, 1), date(2028, 1, 1))


def test_the_dashboard_summary_has_this_week_and_this_month(cast):
    OpeningHoursFactory(house=cast.house_a, weekday=0, opens=time(9), closes=time(17))
    monday = future_monday()
    book(cast.room_a, first_date=monday, start=time(9), minutes=240)
    summary = summary_for_house(cast.house_a, monday)
    assert summary["week"].percent == 50 and summary["top_category"]["code"] == "private"
    assert summary["month"].booked_hours == 4


@pytest.mark.urls(URLCONF)
def test_the_page_shows_a_table_with_bars_for_house_readers(cast, login):
    OpeningHoursFactory(house=cast.house_a, weekday=0, opens=time(9), closes=time(17))
    monday = future_monday()
    book(cast.room_a, first_date=monday, start=time(9), minutes=240)
    url = reverse("bookings:occupancy", args=[cast.house_a.slug])
    client = login(cast.officer)
    response = client.get(url, {"periode": "week", "datum": monday.isoformat()}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<h1") == 1
    # the bar is an SVG rect, not a span with inline style (the Content-Security-Policy blocks inline style)
    assert '<th scope="row">Grote zaal</th>' in page and "50%" in page and '<rect width="50" height="1"/>' in page
    assert "<caption" in page and 'scope="col"' in page and "Private (no organisation)" in page
    partial = client.get(url, {"periode": "maand", "datum": monday.isoformat()}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert 'hx-swap-oob="innerHTML:#status"' in partial.content.decode()
    assert login(cast.stranger).get(url).status_code == 403


@pytest.mark.urls(URLCONF)
def test_the_api_gives_the_same_figures_to_house_readers_only(cast, client, login):
    OpeningHoursFactory(house=cast.house_a, weekday=0, opens=time(9), closes=time(17))
    monday = future_monday()
    book(cast.room_a, first_date=monday, start=time(9), minutes=240, organisation=cast.organisation_a)
    url = f"/api/v1/bookings/occupancy/{cast.house_a.slug}"
    assert client.get(url).status_code in (401, 403)
    body = login(cast.manager_a).get(url, {"period": "week", "date": monday.isoformat()}).json()
    assert body["occupancy"] == 0.5 and body["open_hours"] == 8 and body["booked_hours"] == 4
    assert body["categories"] == [{"code": "non_profit", "label": body["categories"][0]["label"], "hours": 4.0,
                                   "share": 100}]  # fmt: skip
    assert body["rooms"][0]["by_category"] == {"non_profit": 4.0} and body["start"] == monday.isoformat()
    assert login(cast.manager_b).get(url).status_code == 403
    assert login(cast.manager_a).get(url, {"period": "decade"}).status_code == 422
    assert login(cast.manager_a).get(url, {"date": "2027-02-30"}).status_code == 422
    cast.house_a.is_public = False
    cast.house_a.save()
    assert login(cast.stranger).get(url).status_code == 404


@pytest.mark.urls(URLCONF)
def test_the_dashboard_snippet_renders_the_summary(cast):
    from django.template.loader import render_to_string
    from django.utils import translation

    OpeningHoursFactory(house=cast.house_a, weekday=0, opens=time(9), closes=time(17))
    monday = future_monday()
    book(cast.room_a, first_date=monday, start=time(9), minutes=240)
    with translation.override("en"):
        html = render_to_string(
            "bookings/occupancy/_summary.html", {"summary": summary_for_house(cast.house_a, monday)}
        )
    assert "50% (4 hours booked)" in html and "Private (no organisation) (100%)" in html
    assert reverse("bookings:occupancy", args=[cast.house_a.slug]) in html
