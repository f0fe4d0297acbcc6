"""Benchmark the bookings hot paths on the generated data set (run bench/generate.py first).

    python bench/run.py --db sqlite|postgres [--quick] [--json bench/results/x.json]

(a) free-space search within 10 km, weekly 2-hour slot over 12 weeks, capacity and 1–2 facilities, in-process
through the search service, warm; (b) the same over a network of 160 houses and over all houses (the
national umbrella network); (c) creating a 40-date weekly series with its conflict check through the
booking service, rolled back so runs repeat; (d) rendering a house week view with 10 rooms through the
Django test client; (e) request (a) end to end through the HTTP API (test client). In the same process the
naive baseline (a query per room per date) answers (a) and (b) for the ratio. Wall-clock times; the
process CPU time per call is reported next to them, as the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGETS_MS = {
    "a_search_10km": 15, "b_search_network": 50, "b_search_all": 300, "c_create_series": 100,
    "d_week_view": 150, "e_api_search": 50,
}  # fmt: skip
FACILITY_SETS = [("kitchen",), ("kitchen", "beamer"), ("wheelchair_access",), ("coffee_tea", "wheelchair_access")]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[index]


def timed(fn, runs: int, warm: int = 2) -> dict:
    for i in range(warm):
        fn(i)
    walls, cpus = [], []
    for i in range(runs):
        cpu, wall = clock.thread_time(), clock.perf_counter()
        fn(i)
        walls.append((clock.perf_counter() - wall) * 1000)
        cpus.append((clock.thread_time() - cpu) * 1000)
    return {
        "runs": runs, "median_ms": round(statistics.median(walls), 2), "p95_ms": round(percentile(walls, 0.95), 2),
        "cpu_median_ms": round(statistics.median(cpus), 2), "min_ms": round(min(walls), 2),
    }  # fmt: skip


class Bench:
    def __init__(self, quick: bool = False, seed: int = 5, today: date | None = None) -> None:
        from django.db.models import Count
        from django.utils import timezone

        from buurtkracht.houses.models import House
        from buurtkracht.networks.models import Network

        self.rand = random.Random(seed)
        self.quick = quick
        today = today or timezone.localdate()
        self.first = today + timedelta(days=14 - today.weekday())  # a Monday two weeks ahead
        houses = list(
            House.objects.filter(is_public=True, latitude__isnull=False)
            .order_by("pk")
            .values_list("latitude", "longitude")
        )
        self.places = self.rand.sample(houses, min(25, len(houses)))
        networks = list(
            Network.objects.filter(slug__startswith="bench-net-").annotate(n=Count("houses")).order_by("slug")
        )
        largest = max((n.n for n in networks), default=0)
        self.networks = [n.pk for n in networks if n.n == largest]  # full networks (160 houses at full scale)
        national = Network.objects.filter(slug="bench-landelijk").first()
        self.national = national.pk if national else self.networks[0]

    def request(self, i: int, **where):
        from buurtkracht.bookings.search import make_request

        weekday = (1, 3)[i % 2]
        return make_request(
            first_date=self.first + timedelta(days=weekday), weeks=12, start_time=time(19, 30), end_time=time(21, 30),
            min_capacity=20, facilities=FACILITY_SETS[i % len(FACILITY_SETS)], **where,
        )  # fmt: skip

    def near(self, i: int):
        lat, lon = self.places[i % len(self.places)]
        return self.request(i, latitude=lat, longitude=lon, radius_km=10)

    def network(self, i: int):
        return self.request(i, network_id=self.networks[i % len(self.networks)])

    def everywhere(self, i: int):
        return self.request(i, network_id=self.national)

    # --- (a), (b) ------------------------------------------------------------------------------------

    def searches(self, results: dict) -> None:
        from bench.naive import naive_search
        from buurtkracht.bookings.search import search

        plans = [  # name, question, runs, naive runs
            ("a_search_10km", self.near, 200, 10), ("b_search_network", self.network, 60, 3),
            ("b_search_all", self.everywhere, 20, 1),
        ]  # fmt: skip
        for name, make, count, naive_count in plans:
            if self.quick:
                count, naive_count = max(2, count // 40), 1
            sizes = []

            def fast(i, make=make, sizes=sizes):
                sizes.append(search(make(i), limit=50).count)

            results[name] = timed(fast, count)
            results[name]["rooms_matched_median"] = statistics.median(sizes)
            naive = timed(lambda i, make=make: naive_search(make(i)), naive_count, warm=0)
            results[name].update(
                naive_median_ms=naive["median_ms"], naive_runs=naive["runs"],
                ratio=round(naive["median_ms"] / results[name]["median_ms"], 1),
            )  # fmt: skip

    # --- (c) -----------------------------------------------------------------------------------------

    def create_series(self, results: dict) -> None:
        from django.db import transaction

        from buurtkracht.bookings.services.series import create_series
        from buurtkracht.houses.models import Room

        actor = bench_user()
        rooms = list(
            Room.objects.filter(is_bookable=True, house__is_public=True).select_related("house").order_by("?")[:50]
        )

        class Rollback(Exception):
            pass

        def book(i):
            room = rooms[i % len(rooms)]
            try:
                with transaction.atomic():
                    series = create_series(
                        actor=actor, house=room.house, room=room, title="Bench", kind="weekly",
                        first_date=self.first + timedelta(days=i % 7), start_time=time(19, 30), duration_minutes=120,
                        weekdays=[(self.first + timedelta(days=i % 7)).weekday()], count=40, free_only=True,
                    )  # fmt: skip
                    assert series.occurrences.count() == 40
                    raise Rollback
            except Rollback:
                pass

        results["c_create_series"] = timed(book, 40 if not self.quick else 3)

    # --- (d), (e) ------------------------------------------------------------------------------------

    def week_view(self, results: dict) -> None:
        from django.db.models import Count
        from django.test import Client
        from django.urls import reverse

        from buurtkracht.houses.models import House

        client = Client()
        client.force_login(bench_user())
        sized = House.objects.annotate(n=Count("rooms"))
        houses = list(sized.filter(n=10).order_by("pk").values_list("slug", flat=True)[:20]) or list(
            sized.order_by("-n", "pk").values_list("slug", flat=True)[:3]  # small data sets: the largest houses
        )

        def view(i):
            url = reverse("bookings:house_week", args=[houses[i % len(houses)]])
            response = client.get(url, {"datum": (self.first + timedelta(weeks=i % 8)).isoformat()})
            assert response.status_code == 200, response.status_code

        results["d_week_view"] = timed(view, 60 if not self.quick else 3)

    def api(self, results: dict) -> None:
        from django.test import Client

        client = Client()

        def call(i):
            lat, lon = self.places[i % len(self.places)]
            weekday = (1, 3)[i % 2]
            params = {
                "lat": lat, "lon": lon, "radius_km": 10, "first_date": (self.first + timedelta(days=weekday)).isoformat(),
                "weeks": 12, "start_time": "19:30", "end_time": "21:30", "min_capacity": 20,
                "facility": list(FACILITY_SETS[i % len(FACILITY_SETS)]),
            }  # fmt: skip
            response = client.get("/api/v1/bookings/search/", params)
            assert response.status_code == 200, response.content[:300]

        results["e_api_search"] = timed(call, 200 if not self.quick else 5)


def bench_user():
    from buurtkracht.accounts.models import User

    user = User.objects.filter(email="bench@example.org").first()
    return user or User.objects.create_superuser("bench@example.org", "bench-password-not-secret")


def scale_counts() -> dict:
    from buurtkracht.bookings.models import Occurrence, SpaceClaim
    from buurtkracht.houses.models import House, Room

    return {
        "houses": House.objects.count(), "rooms": Room.objects.count(), "occurrences": Occurrence.objects.count(),
        "claims": SpaceClaim.objects.count(),
    }  # fmt: skip


def run_all(*, quick: bool = False, today: date | None = None, parts=("a", "c", "d", "e")) -> dict:
    """Run the benchmarks on the connected database; returns the figures (also used by the smoke test)."""
    from django.db import connection

    bench = Bench(quick=quick, today=today)
    results: dict = {}
    if "a" in parts:
        bench.searches(results)
    if "c" in parts:
        bench.create_series(results)
    if "d" in parts:
        bench.week_view(results)
    if "e" in parts:
        bench.api(results)
    for name, figures in results.items():
        figures["target_p95_ms"] = TARGETS_MS[name]
        figures["met"] = figures["p95_ms"] <= TARGETS_MS[name]
    return {
        "database": connection.vendor, "date": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()],
        "scale": scale_counts(), "results": results,
    }  # fmt: skip


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--quick", action="store_true", help="a few runs each, to check that it works")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    from bench import database

    database.configure(args.db)
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"
    report = run_all(quick=args.quick)
    print(f"{report['database']}  {report['date']}  load {report['load_average']}  {report['scale']}")
    print(f"{'benchmark':18} {'median':>8} {'p95':>8} {'cpu med':>8} {'target':>7}  met  naive med  ratio")
    for name, f in report["results"].items():
        naive = f"{f['naive_median_ms']:9.1f}  {f['ratio']:5.1f}x" if "naive_median_ms" in f else ""
        print(f"{name:18} {f['median_ms']:8.1f} {f['p95_ms']:8.1f} {f['cpu_median_ms']:8.1f} {f['target_p95_ms']:7}  "
              f"{'yes' if f['met'] else 'NO ':3}  {naive}")  # fmt: skip
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
