"""Closures, public holidays and school holidays per house region, and the series skip settings."""

from datetime import date, time

import pytest

from buurtkracht.bookings import days
from buurtkracht.bookings.services.series import build_rule, check_dates, create_series
from buurtkracht.houses.models import Closure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("region", "country", "day", "kind"),
    [
        ("nl_middle", "NL", date(2026, 4, 27), "public_holiday"),  # Koningsdag
        ("nl_north", "NL", date(2026, 2, 24), "school_holiday"),  # voorjaarsvakantie noord
        ("nl_south", "NL", date(2026, 2, 17), "school_holiday"),
        ("be_flemish", "BE", date(2026, 7, 21), "public_holiday"),  # nationale feestdag
        ("be_flemish", "BE", date(2026, 7, 15), "school_holiday"),
    ],
)
def test_holidays_follow_the_house_region(cast, region, country, day, kind):
    house = cast.house_a
    house.holiday_region, house.country = region, country
    notes = days.notes_for(house, cast.room_a, [day])
    assert kind in {n.kind for n in notes[day]}


def test_school_holidays_beyond_the_known_years_are_reported_as_unknown(cast):
    assert days.school_holidays_known(cast.house_a, 2026)
    assert not days.school_holidays_known(cast.house_a, 2040)
    assert days.school_holidays(cast.house_a, [2040]) == {}


def test_a_closure_of_the_hall_closes_its_parts_too(cast):
    from buurtkracht.houses.tests.factories import RoomFactory

    half = RoomFactory(house=cast.house_a, name="Grote zaal west", parent=cast.room_a)
    Closure.objects.create(house=cast.house_a, room=cast.room_a, start_date=date(2027, 3, 1),
                           end_date=date(2027, 3, 7), reason="Vloer")  # fmt: skip
    assert days.closures_by_date(cast.house_a, half, [date(2027, 3, 2), date(2027, 3, 9)]) == {
        date(2027, 3, 2): "Vloer"
    }


def test_series_skip_holidays_and_closures_by_setting(cast):
    Closure.objects.create(house=cast.house_a, start_date=date(2027, 5, 4), end_date=date(2027, 5, 4), reason="Dicht")
    common = {"house": cast.house_a, "room": cast.room_a}
    rule = build_rule(kind="weekly", first_date=date(2027, 4, 20), start_time=time(19), duration_minutes=60,
                      weekdays=[1], count=4, house=cast.house_a)  # fmt: skip
    plain = {c.slot_date: c for c in check_dates(rule=rule, **common)}
    assert plain[date(2027, 5, 4)].state == "closed" and not plain[date(2027, 5, 4)].bookable
    assert plain[date(2027, 4, 27)].state == "public_holiday" and plain[date(2027, 4, 27)].bookable
    series = create_series(actor=cast.manager_a, title="Koor", kind="weekly", first_date=date(2027, 4, 20),
                           start_time=time(19), duration_minutes=60, weekdays=[1], count=4,
                           skip_school_holidays=True, **common)  # fmt: skip
    skipped = dict(series.exceptions.values_list("slot_date", "reason"))
    assert "Dicht" in skipped[date(2027, 5, 4)]
    school = days.school_holidays(cast.house_a, [2027])
    for day in (date(2027, 4, 20), date(2027, 4, 27), date(2027, 5, 11)):
        assert (day in skipped) == (day in school)
