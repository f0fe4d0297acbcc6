"""The benchmark tools work: the generator fills a tiny data set (conflict-free: the database guards stay on
here and would refuse an overlap), every benchmark runs once, and the naive baseline gives the same answer
as the set-based search. Timings are not asserted (bench/ is not part of the test suite)."""

from datetime import timedelta

import pytest

from bench.generate import TINY, generate
from bench.naive import naive_search
from bench.run import Bench, run_all
from buurtkracht.bookings.models import Occurrence, SpaceClaim
from buurtkracht.bookings.search import search
from buurtkracht.bookings.tests.test_search_pages import URLCONF
from buurtkracht.houses.models import House, Room

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]


def test_the_generator_and_every_benchmark_run_at_tiny_scale():
    counts = generate(TINY, seed=3)
    assert (House.objects.count(), Room.objects.count(), Occurrence.objects.count()) == (12, 48, 1500)
    assert counts["bookings_occurrence"] == 1500
    assert SpaceClaim.objects.exists() and Room.objects.filter(parent__isnull=False).exists()
    bench = Bench(quick=True)
    for make in (bench.near, bench.network, bench.everywhere):
        for i in range(4):
            request = make(i)
            fast = search(request, limit=None)
            assert naive_search(request) == [(r.room_id, r.free_count) for r in fast.results]
    assert any(r.not_free for r in search(bench.everywhere(0), limit=None).results)
    report = run_all(quick=True, today=bench.first - timedelta(days=14))
    assert set(report["results"]) == {
        "a_search_10km", "b_search_network", "b_search_all", "c_create_series", "d_week_view", "e_api_search",
    }  # fmt: skip
    assert report["scale"]["occurrences"] == 1500 and report["results"]["b_search_all"]["ratio"] > 0
    assert all(figures["p95_ms"] > 0 for figures in report["results"].values())
