"""Many people booking the same space at once: exactly one wins, the others get the conflict message.

Runs on PostgreSQL only (real concurrent connections against the exclusion constraint). On SQLite the
test database is a shared in-memory database, where threads do not behave like separate processes."""

import threading
from datetime import time, timedelta

import pytest
from django.db import connection, connections

from buurtkracht.bookings.models import Occurrence, SpaceClaim
from buurtkracht.bookings.services.conflicts import SlotTaken
from buurtkracht.bookings.services.series import create_series
from buurtkracht.bookings.tests.factories import future_monday
from buurtkracht.houses.tests.factories import RoomFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL"),
]
THREADS = 20


def _race(attempts) -> tuple[list, list]:
    """Run every attempt in its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(attempts))
    wins, refusals, crashes = [], [], []

    def run(attempt):
        try:
            barrier.wait(timeout=30)
            wins.append(attempt())
        except SlotTaken as error:
            refusals.append(error)
        except Exception as error:  # anything else is a failure of the test
            crashes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not crashes, crashes
    return wins, refusals


def _attempt(room, actor, minutes_offset: int, day, **extra):
    def go():
        return create_series(actor=actor, house=room.house, room=room, title=f"Poging {minutes_offset}",
                             first_date=day, start_time=time(18, minutes_offset % 60), duration_minutes=120,
                             status="confirmed", **extra)  # fmt: skip

    return go


def _no_overlapping_claims() -> bool:
    claims = list(SpaceClaim.objects.values_list("unit_id", "blocked_start", "blocked_end"))
    return not any(a[0] == b[0] and a[1] < b[2] and b[1] < a[2] for i, a in enumerate(claims) for b in claims[i + 1 :])


def test_twenty_people_booking_one_room_at_overlapping_times(cast):
    day = future_monday()
    attempts = [_attempt(cast.room_a, cast.manager_a, n * 2, day) for n in range(THREADS)]
    wins, refusals = _race(attempts)
    assert len(wins) == 1 and len(refusals) == THREADS - 1
    assert all("Grote zaal" in r.messages[0] for r in refusals)
    assert Occurrence.objects.filter(status="confirmed").count() == 1
    assert _no_overlapping_claims()


def test_halves_and_the_whole_hall_race_for_the_same_evening(cast):
    whole = RoomFactory(house=cast.house_a, name="Sporthal", capacity=200)
    west = RoomFactory(house=cast.house_a, name="Sporthal west", parent=whole, capacity=100)
    day = future_monday() + timedelta(days=2)
    attempts = [_attempt(whole if n % 2 else west, cast.manager_a, n, day) for n in range(THREADS)]
    wins, refusals = _race(attempts)
    assert len(wins) == 1 and len(refusals) == THREADS - 1
    assert _no_overlapping_claims()


def test_weekly_series_racing_each_other_book_each_date_once(cast):
    first = future_monday()
    attempts = [
        _attempt(cast.room_a, cast.manager_a, n, first + timedelta(days=7 * (n % 3)), kind="weekly", weekdays=[0],
                 count=4)
        for n in range(THREADS)
    ]  # fmt: skip
    wins, refusals = _race(attempts)
    assert len(wins) >= 1 and len(wins) + len(refusals) == THREADS
    assert _no_overlapping_claims()
