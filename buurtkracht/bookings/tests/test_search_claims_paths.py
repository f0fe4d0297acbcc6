"""The two ways of reading claims (a probe per unit, a scan of the period index per window) give the same rows as a
plain overlap check, on awkward data: claims longer than a day, claims that touch each other and the window
edges exactly, windows that cross midnight and the October and March clock changes, windows that overlap, repeat
or touch each other, and units outside the list asked for."""

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from buurtkracht.bookings.models import SpaceClaim
from buurtkracht.bookings.search import claims
from buurtkracht.bookings.tests.factories import book
from buurtkracht.houses.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
QUARTER = timedelta(minutes=15)
CLOCK_CHANGES = [datetime(2026, 10, 24, 18, tzinfo=AMSTERDAM), datetime(2027, 3, 27, 18, tzinfo=AMSTERDAM)]


def both_paths(units, windows, monkeypatch):
    answers = []
    for limit in (10**9, 0):  # per unit, then by time
        monkeypatch.setattr(claims, "BY_TIME_FROM", {"postgresql": limit, "sqlite": limit})
        answers.append(sorted(tuple(row) for row in claims.claims_in_slots(units, windows)))
    return answers


def expected(units, windows):
    wanted = set(units)
    rows = SpaceClaim.objects.filter(unit_id__in=wanted).values_list("unit_id", "blocked_start", "blocked_end")
    return sorted(
        (i, unit, int(start.timestamp()), int(end.timestamp()))
        for i, (lo, hi) in enumerate(windows)
        for unit, start, end in rows
        if start < hi and end > lo
    )


@pytest.fixture
def holders(cast):
    """Occurrences to hang claims on (a claim is unique per occurrence and unit), their own claims removed, and
    seven rooms as units."""
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=10)
    occurrences = list(series.occurrences.order_by("start"))
    SpaceClaim.objects.all().delete()
    units = [RoomFactory(house=cast.house_a) for _i in range(7)]
    return occurrences, units


def lay_claims(rng, occurrences, units, base) -> list[datetime]:
    """Per unit a row of claims that never overlap (the database refuses that) but may touch, from a quarter of an
    hour to more than two days long. Returns every claim edge."""
    edges, rows = [], []
    for unit in units:
        moment = base - timedelta(hours=rng.randint(0, 30))
        for occurrence in occurrences[: rng.randint(1, len(occurrences))]:
            moment += QUARTER * rng.choice([0, 0, 1, 4, 20, 60])
            length = QUARTER * rng.choice([1, 2, 8, 16, 100, 200])  # 200 quarters: more than two days
            rows.append(SpaceClaim(occurrence=occurrence, unit=unit, blocked_start=moment,
                                   blocked_end=moment + length))  # fmt: skip
            edges += [moment, moment + length]
            moment += length
    SpaceClaim.objects.bulk_create(rows)
    return edges


def make_windows(rng, edges, base) -> list[tuple[datetime, datetime]]:
    """Local evening windows crossing midnight (and the clock change), windows on claim edges exactly, and
    overlapping, repeated and touching ones."""
    windows = []
    for day in range(-1, 3):
        local = (base + timedelta(days=day)).astimezone(AMSTERDAM).date()
        start = datetime(local.year, local.month, local.day, 22, tzinfo=AMSTERDAM)
        windows.append((start.astimezone(UTC), (start + timedelta(hours=6)).astimezone(UTC)))  # wall-clock 22-04
    for _i in range(6):
        a, b = sorted(rng.sample(edges, 2))
        if a < b:
            windows.append((a, b))
    for _i in range(4):
        lo = rng.choice(edges) + QUARTER * rng.choice([-4, -1, 0, 1])
        windows.append((lo, lo + QUARTER * rng.choice([1, 4, 12, 300])))
    windows.append(windows[0])  # the same window twice
    windows.append((windows[0][1], windows[0][1] + timedelta(hours=1)))  # touching the first
    rng.shuffle(windows)
    return windows


def apart(windows) -> list[tuple[datetime, datetime]]:
    """Only windows that do not overlap (they may touch), in shuffled order: on PostgreSQL the per-unit probe
    takes them in one statement (width_bucket over the edges) instead of one statement per window."""
    kept: list[tuple[datetime, datetime]] = []
    for lo, hi in windows:
        if all(hi <= a or lo >= b for a, b in kept):
            kept.append((lo, hi))
    return kept


@pytest.mark.parametrize("base", CLOCK_CHANGES, ids=["october", "march"])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("overlapping", [True, False], ids=["overlapping", "apart"])
def test_both_claim_paths_answer_like_a_plain_overlap_check(holders, monkeypatch, base, seed, overlapping):
    rng = random.Random(seed)
    occurrences, units = holders
    edges = lay_claims(rng, occurrences, units, base.astimezone(UTC))
    asked = [u.pk for u in units if rng.random() < 0.7] or [units[0].pk]
    windows = make_windows(rng, edges, base.astimezone(UTC))
    if not overlapping:
        windows = apart(windows)
        assert len(windows) > 2
    truth = expected(asked, windows)
    assert truth  # the data hits at least one window
    per_unit, by_time = both_paths(asked, windows, monkeypatch)
    assert per_unit == truth
    assert by_time == truth


@pytest.mark.parametrize(
    "window, hit",
    [
        (("10:00", "12:00"), False),  # ends exactly where the claim starts
        (("14:00", "16:00"), False),  # starts exactly where the claim ends
        (("11:59", "12:01"), True),
        (("13:59", "14:01"), True),
        (("12:30", "13:00"), True),  # inside
    ],
)
def test_a_claim_touching_a_window_edge_is_not_in_it(holders, monkeypatch, window, hit):
    occurrences, units = holders
    day = datetime(2026, 10, 25, tzinfo=AMSTERDAM)  # the clocks go back this night

    def at(text):
        hours, minutes = map(int, text.split(":"))
        return (day + timedelta(hours=hours, minutes=minutes)).astimezone(UTC)

    SpaceClaim.objects.create(occurrence=occurrences[0], unit=units[0], blocked_start=at("12:00"),
                              blocked_end=at("14:00"))  # fmt: skip
    windows = [(at(window[0]), at(window[1])), (at("00:00"), at("23:00"))]
    per_unit, by_time = both_paths([units[0].pk], windows, monkeypatch)
    assert per_unit == by_time == expected([units[0].pk], windows)
    assert [row[0] for row in per_unit] == ([0, 1] if hit else [1])
