"""The free-space search service against real bookings made through the booking service."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from buurtkracht.bookings.search import claims, make_request, reason_words, search
from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.houses.models import Facility
from buurtkracht.houses.tests.factories import ClosureFactory, HouseFactory, OpeningHoursFactory, RoomFactory

pytestmark = pytest.mark.django_db

OSS = (51.765, 5.518)
NIJMEGEN = (51.842, 5.853)  # about 24 km from Oss


@pytest.fixture(autouse=True, params=["per_unit", "by_time"])
def claim_path(request, monkeypatch):
    """Every test runs on both ways of reading the claims: a probe per unit (a few rooms) and a scan of the
    period index per window (thousands of rooms); they must answer the same."""
    limit = 0 if request.param == "by_time" else 10**9
    monkeypatch.setattr(claims, "BY_TIME_FROM", {"postgresql": limit, "sqlite": limit})
    return request.param


def thursday(weeks_ahead: int = 2) -> date:
    return future_monday(weeks_ahead) + timedelta(days=3)


def weekly(network=None, *, first=None, weeks=12, start=time(19, 30), end=time(21, 30), **extra):
    place = {} if network else {"latitude": OSS[0], "longitude": OSS[1], "radius_km": 10}
    return make_request(
        first_date=first or thursday(), weeks=weeks, start_time=start, end_time=end,
        network_id=network.pk if network else None, **place, **extra,
    )  # fmt: skip


def by_room(result):
    return {r.room_id: r for r in result.results}


def facility(code):
    return Facility.objects.get(code=code)


def test_a_room_booked_on_three_of_twelve_dates_ranks_lower_and_lists_those_dates(cast):
    free_room = RoomFactory(house=cast.house_a, name="Bovenzaal", capacity=30)
    taken = [thursday() + timedelta(weeks=w) for w in (1, 4, 9)]
    book(cast.room_a, kind="dates", first_date=taken[0], dates=taken, start=time(20), minutes=60)
    result = search(weekly(cast.network_a), user=cast.manager_a)
    rooms = by_room(result)
    assert [r.room_id for r in result.results][:1] == [free_room.pk]
    assert rooms[free_room.pk].fully_free and rooms[free_room.pk].free_count == 12
    busy = rooms[cast.room_a.pk]
    assert (busy.free_count, busy.total, busy.fully_free) == (9, 12, False)
    assert [(n.day, n.reason) for n in busy.not_free] == [(d, "booked") for d in taken]
    assert result.count == 2 and result.fully_free == 1


def test_touching_bookings_do_not_clash_but_the_rooms_clean_up_time_does(cast):
    book(cast.room_a, first_date=thursday(), start=time(17, 30), minutes=120)  # ends 19:30
    single = weekly(cast.network_a, weeks=1)
    assert by_room(search(single, user=cast.manager_a))[cast.room_a.pk].fully_free
    cast.room_a.setup_minutes = 15
    cast.room_a.save()
    assert not by_room(search(single, user=cast.manager_a))[cast.room_a.pk].fully_free


def test_a_booked_half_blocks_the_whole_hall_and_a_booked_hall_blocks_both_halves(cast):
    hall = RoomFactory(house=cast.house_a, name="Grote zaal 2", capacity=120)
    west = RoomFactory(house=cast.house_a, name="Zaal west", parent=hall, capacity=60)
    east = RoomFactory(house=cast.house_a, name="Zaal oost", parent=hall, capacity=60)
    first, second = thursday(), thursday() + timedelta(weeks=1)
    book(west, first_date=first, start=time(19, 30), minutes=120)
    book(hall, first_date=second, start=time(19, 30), minutes=120)
    rooms = by_room(search(weekly(cast.network_a, weeks=2), user=cast.manager_a))
    assert [(n.day, n.reason) for n in rooms[hall.pk].not_free] == [(first, "booked"), (second, "booked")]
    assert [n.day for n in rooms[west.pk].not_free] == [first, second]
    assert [n.day for n in rooms[east.pk].not_free] == [second]
    assert rooms[hall.pk].is_hall and not rooms[east.pk].is_hall


def test_closures_of_the_house_the_room_and_its_hall_close_the_dates(cast):
    hall = RoomFactory(house=cast.house_a, name="Grote zaal 2", capacity=120)
    west = RoomFactory(house=cast.house_a, name="Zaal west", parent=hall, capacity=60)
    days = [thursday() + timedelta(weeks=w) for w in range(3)]
    ClosureFactory(house=cast.house_a, start_date=days[0], end_date=days[0], reason="Schilderwerk")
    ClosureFactory(house=cast.house_a, room=west, start_date=days[1], end_date=days[1], reason="Nieuwe vloer")
    rooms = by_room(search(weekly(cast.network_a, weeks=3), user=cast.manager_a))
    assert [(n.day, n.reason, n.note) for n in rooms[hall.pk].not_free] == [
        (days[0], "closed", "Schilderwerk"), (days[1], "closed", "Nieuwe vloer"),
    ]  # fmt: skip
    assert [n.day for n in rooms[cast.room_a.pk].not_free] == [days[0]]
    with translation.override("en"):
        assert reason_words(rooms[hall.pk].not_free[0]) == "closed: Schilderwerk"


def test_opening_hours_of_the_room_come_before_the_house_and_a_shorter_booking_finds_its_time(cast):
    day = thursday()
    OpeningHoursFactory(house=cast.house_a, weekday=3, opens=time(9), closes=time(17))
    own = RoomFactory(house=cast.house_a, name="Avondzaal", capacity=30)
    OpeningHoursFactory(house=cast.house_a, room=own, weekday=3, opens=time(18), closes=time(23))
    evening = by_room(search(weekly(cast.network_a, weeks=2), user=cast.manager_a))
    assert [n.reason for n in evening[cast.room_a.pk].not_free] == ["outside_hours", "outside_hours"]
    assert evening[own.pk].fully_free
    # 16:00-19:00 with one hour needed: the house's rooms fit at 16:00, the evening room from 18:00
    flexible = search(
        weekly(cast.network_a, first=day, weeks=2, start=time(16), end=time(19), duration_minutes=60),
        user=cast.manager_a,
    )
    rooms = by_room(flexible)
    assert (rooms[cast.room_a.pk].start_time, rooms[cast.room_a.pk].end_time) == (time(16), time(17))
    assert (rooms[own.pk].start_time, rooms[own.pk].end_time) == (time(18), time(19))
    assert rooms[cast.room_a.pk].fully_free and rooms[own.pk].fully_free


def test_a_house_closed_on_that_weekday_is_outside_opening_hours_and_no_hours_means_open(cast):
    OpeningHoursFactory(house=cast.house_a, weekday=0, opens=time(9), closes=time(23))  # Mondays only
    rooms = by_room(search(weekly(weeks=1), user=cast.admin))  # both cast houses stand in Oss
    assert rooms[cast.room_a.pk].not_free[0].reason == "outside_hours"
    assert rooms[cast.room_b.pk].fully_free  # house B never entered opening hours


def next_clock_change(after: date) -> date:
    """The next last Sunday of March or October after ``after``."""
    year = after.year
    while True:
        for month in (3, 10):
            last = date(year, month, 31)
            change = last - timedelta(days=(last.weekday() + 1) % 7)
            if change > after:
                return change
        year += 1


def test_local_times_hold_across_the_clock_change(cast):
    change = next_clock_change(timezone.localdate() + timedelta(days=14))
    tuesday = change - timedelta(days=5)  # two Tuesdays before the change, two after
    first = tuesday - timedelta(weeks=1)
    book(cast.room_a, kind="weekly", first_date=first, weekdays=[1], count=4, start=time(20), minutes=90)
    after = search(weekly(cast.network_a, first=first, weeks=4, start=time(21, 30), end=time(23)), user=cast.admin)
    assert by_room(after)[cast.room_a.pk].fully_free  # the 20:00-21:30 booking stays 20:00-21:30 local
    during = search(weekly(cast.network_a, first=first, weeks=4, start=time(20, 30), end=time(21)), user=cast.admin)
    assert [n.reason for n in by_room(during)[cast.room_a.pk].not_free] == ["booked"] * 4


def test_only_houses_within_the_distance_count_and_nearer_ranks_first(cast):
    near = HouseFactory(name="Dichtbij", latitude=51.770, longitude=5.530)
    far = HouseFactory(name="Nijmegen", latitude=NIJMEGEN[0], longitude=NIJMEGEN[1])
    near_room = RoomFactory(house=near, capacity=30)
    far_room = RoomFactory(house=far, capacity=30)
    ten = search(weekly(weeks=1))
    assert near_room.pk in by_room(ten) and far_room.pk not in by_room(ten)
    wide = search(make_request(first_date=thursday(), start_time=time(19), end_time=time(21), latitude=OSS[0],
                               longitude=OSS[1], radius_km=30))  # fmt: skip
    order = [r.room_id for r in wide.results]
    assert order.index(near_room.pk) < order.index(far_room.pk)
    assert 20 < by_room(wide)[far_room.pk].distance_km < 30


def test_every_facility_asked_for_is_required_and_accessible_means_wheelchair_access(cast):
    both = RoomFactory(
        house=cast.house_a, name="Keuken en beamer", facilities=[facility("kitchen"), facility("beamer")]
    )
    RoomFactory(house=cast.house_a, name="Alleen keuken", facilities=[facility("kitchen")])
    rolling = RoomFactory(house=cast.house_a, name="Rolstoel", facilities=[facility("wheelchair_access")])
    found = search(weekly(cast.network_a, weeks=1, facilities=["kitchen", "beamer"]), user=cast.admin)
    assert [r.room_id for r in found.results] == [both.pk]
    accessible = search(weekly(cast.network_a, weeks=1, accessible=True), user=cast.admin)
    assert [r.room_id for r in accessible.results] == [rolling.pk]


def test_capacity_filters_and_a_close_fit_ranks_before_a_big_hall(cast):
    big = RoomFactory(house=cast.house_a, name="Theaterzaal", capacity=300)
    RoomFactory(house=cast.house_a, name="Klein", capacity=8)
    result = search(weekly(cast.network_a, weeks=1, min_capacity=25), user=cast.admin)
    assert [r.room_id for r in result.results] == [cast.room_a.pk, big.pk]


def test_a_house_that_is_not_public_is_found_only_by_those_who_work_for_it(cast):
    cast.house_a.is_public = False
    cast.house_a.save()
    request = weekly(cast.network_a, weeks=1)
    for person in (None, cast.stranger, cast.manager_b, cast.contact):
        assert cast.room_a.pk not in by_room(search(request, user=person))
    for person in (cast.manager_a, cast.volunteer_a, cast.coordinator, cast.officer, cast.admin):
        assert cast.room_a.pk in by_room(search(request, user=person))


def test_rooms_that_cannot_be_booked_are_left_out(cast):
    cast.room_a.is_bookable = False
    cast.room_a.save()
    assert not search(weekly(cast.network_a, weeks=1), user=cast.admin).results


def test_public_holidays_count_only_when_the_request_skips_them(cast):
    christmas = date(timezone.localdate().year, 12, 25)
    if christmas < timezone.localdate() + timedelta(days=1):
        christmas = date(christmas.year + 1, 12, 25)
    plain = make_request(first_date=christmas, start_time=time(10), end_time=time(12), network_id=cast.network_a.pk)
    assert by_room(search(plain, user=cast.admin))[cast.room_a.pk].fully_free
    skipping = make_request(first_date=christmas, start_time=time(10), end_time=time(12),
                            network_id=cast.network_a.pk, skip_public_holidays=True)  # fmt: skip
    with translation.override("nl"):
        item = by_room(search(skipping, user=cast.admin))[cast.room_a.pk].not_free[0]
    assert item.reason == "holiday" and "kerst" in item.note.lower()


def test_a_time_that_has_passed_is_past(cast):
    request = make_request(first_date=timezone.localdate(), start_time=time(0, 15), end_time=time(0, 45),
                           network_id=cast.network_a.pk)  # fmt: skip
    result = by_room(search(request, user=cast.admin, now=timezone.now() + timedelta(days=1)))
    assert result[cast.room_a.pk].not_free[0].reason == "past"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": time(19)}, "end_time"),
        ({"weeks": 53}, "weeks"),
        ({"radius_km": 101}, "radius_km"),
        ({"first_date": date(2000, 1, 6)}, "first_date"),
        ({"duration_minutes": 300}, "duration_minutes"),
        ({"min_capacity": 0}, "min_capacity"),
        ({"latitude": None, "longitude": None, "radius_km": None}, "place"),
    ],
)
def test_bad_questions_are_refused_with_a_sentence(changes, field):
    arguments = {"first_date": thursday(), "start_time": time(19, 30), "end_time": time(21, 30),
                 "latitude": OSS[0], "longitude": OSS[1], "radius_km": 10, **changes}  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        make_request(**arguments)
    assert field in caught.value.message_dict and caught.value.message_dict[field][0].endswith(".")


def test_a_weekday_moves_the_first_date_and_until_date_sets_the_weeks():
    monday = future_monday()
    request = make_request(first_date=monday, weekday=3, until_date=monday + timedelta(weeks=3, days=3),
                           start_time=time(19), end_time=time(21), latitude=OSS[0], longitude=OSS[1], radius_km=5)  # fmt: skip
    assert request.dates == tuple(monday + timedelta(days=3, weeks=w) for w in range(4))


def _populate(cast, houses: int, rooms_per_house: int):
    """Houses with plain rooms, a divisible hall, opening hours, closures and bookings on every room."""
    day = thursday()
    for h in range(houses):
        house = HouseFactory(networks=[cast.network_a], latitude=OSS[0] + h / 1000, longitude=OSS[1])
        OpeningHoursFactory(house=house, weekday=3, opens=time(9), closes=time(23))
        ClosureFactory(house=house, start_date=day + timedelta(weeks=2), end_date=day + timedelta(weeks=2))
        hall = RoomFactory(house=house, name="Hal", capacity=100)
        for side in ("west", "oost"):
            RoomFactory(house=house, name=f"Hal {side}", parent=hall, capacity=50)
        for r in range(rooms_per_house):
            room = RoomFactory(house=house, name=f"Zaal {r}", capacity=30, facilities=[facility("kitchen")])
            book(room, first_date=day + timedelta(weeks=(0, 1, 3, 4)[r % 4]), start=time(19, 30), minutes=60)
        OpeningHoursFactory(house=house, room=room, weekday=3, opens=time(18), closes=time(23))


@pytest.mark.parametrize("houses", [1, 6])
def test_the_number_of_queries_does_not_grow_with_houses_rooms_or_dates(cast, houses, django_assert_max_num_queries):
    _populate(cast, houses, rooms_per_house=4)
    request = weekly(cast.network_a, weeks=12, start=time(19), end=time(22), duration_minutes=60)
    cast.manager_a.refresh_from_db()  # a person with roles: one more query for them
    with django_assert_max_num_queries(5):
        result = search(request, user=cast.manager_a, limit=None)
    assert result.count == houses * 7 + 1
    assert all(r.not_free for r in result.results if r.house_id != cast.house_a.pk)  # the closure week


@pytest.mark.parametrize("seed", [3, 11])
def test_the_search_agrees_with_the_booking_services_own_date_check(cast, seed):
    """An independent oracle: ``services.series.check_dates`` (one room at a time) must find the same
    booked and closed dates as the set-based search, for plain rooms, halls and their parts."""
    import random

    from buurtkracht.bookings.search.request import BOOKED, CLOSED
    from buurtkracht.bookings.services.series import CLOSED as CHECK_CLOSED
    from buurtkracht.bookings.services.series import CONFLICT, build_rule, check_dates

    rand = random.Random(seed)
    house = cast.house_a
    hall = RoomFactory(house=house, name="Hal", capacity=100, cleanup_minutes=15)
    rooms = [cast.room_a, hall, *(RoomFactory(house=house, name=f"Hal {s}", parent=hall, capacity=50) for s in "ab")]
    rooms.append(RoomFactory(house=house, name="Klein", capacity=10, setup_minutes=30))
    first = thursday()
    for _ in range(14):
        room = rand.choice(rooms)
        day = first + timedelta(weeks=rand.randrange(6))
        start = time(rand.choice([17, 18, 19, 20, 21]), rand.choice([0, 30]))
        try:
            book(room, first_date=day, start=start, minutes=rand.choice([30, 60, 90, 120]), title="Feest")
        except ValidationError:  # that slot was taken already: the database said no, as it should
            continue
    for _ in range(2):
        day = first + timedelta(weeks=rand.randrange(6))
        ClosureFactory(house=house, room=rand.choice([None, *rooms]), start_date=day, end_date=day)
    request = weekly(cast.network_a, first=first, weeks=6, start=time(19), end=time(20, 30))
    found = by_room(search(request, user=cast.admin, limit=None))
    rule = build_rule(house=house, kind="weekly", first_date=first, start_time=time(19), duration_minutes=90,
                      weekdays=[3], count=6)  # fmt: skip
    for room in rooms:
        checks = check_dates(house=house, room=room, rule=rule, setup_minutes=room.setup_minutes,
                             cleanup_minutes=room.cleanup_minutes)  # fmt: skip
        expected = {(c.slot_date, {CONFLICT: BOOKED, CHECK_CLOSED: CLOSED}[c.state])
                    for c in checks if c.state in (CONFLICT, CHECK_CLOSED)}  # fmt: skip
        assert {(n.day, n.reason) for n in found[room.pk].not_free} == expected, room.name
