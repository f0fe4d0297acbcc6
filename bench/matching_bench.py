"""Matching benchmark: all open needs (500) of one network of 160 houses with a year of bookings, and one
new need on its own. Uses the benchmark database of ``bench/generate.py`` (adds the matching and billing
tables if missing). The needs are written (committed: inside a transaction the search's longest-claim probe
scans every claim on each search) and deleted again at the end, so the data set is unchanged.

    python bench/matching_bench.py --db sqlite|postgres [--needs 500]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time as clock
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def run(needs_count: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from buurtkracht.houses.models import House
    from buurtkracht.matching.models import Initiative, SpaceNeed
    from buurtkracht.matching.services.engine import Batch, match_need, match_open_needs
    from buurtkracht.networks.models import Area, Network

    call_command("migrate", "billing", verbosity=0)
    call_command("migrate", "matching", verbosity=0)
    network = Network.objects.annotate(n=Count("houses")).filter(n__gte=150, n__lte=200).order_by("pk").first()
    houses = list(House.objects.filter(networks=network).values("latitude", "longitude"))
    area = Area.objects.filter(kind=Area.Kind.MUNICIPALITY).first() or Area.objects.create(
        country="NL", kind="municipality", code="GM9999", name="Bench"
    )
    rng = random.Random(seed)
    today = timezone.localdate()
    starts = [today + timedelta(days=d) for d in (7, 14, 28)]
    result: dict = {"network": network.name, "houses": len(houses)}
    created: list = []
    try:
        if True:
            initiatives = Initiative.objects.bulk_create([
                Initiative(name=f"Initiatief {i}", goal="Bench", area=area, network=network,
                           contact_name="Bench", email=f"bench{i}@example.org", status="confirmed",
                           themes=rng.sample(["meeting", "language", "food", "culture"], 2),
                           target_groups=rng.sample(["seniors", "youth", "women", "low_income"], 2),
                           latitude=(h := rng.choice(houses))["latitude"] + rng.uniform(-0.03, 0.03),
                           longitude=h["longitude"] + rng.uniform(-0.03, 0.03))
                for i in range(needs_count)
            ])  # fmt: skip
            created.extend(ini.pk for ini in initiatives)
            SpaceNeed.objects.bulk_create([
                SpaceNeed(initiative=ini, activity="Bench", group_size=rng.choice([8, 12, 20, 30]),
                          hours_per_week=Decimal(rng.choice(["1.5", "2", "3"])),
                          weekdays=rng.sample(range(5), rng.choice([1, 2])),
                          day_parts=rng.sample(["morning", "afternoon", "evening"], rng.choice([1, 2])),
                          start_date=rng.choice(starts), weeks=rng.choice([12, 26, 40]), budget=Decimal(rng.choice([0, 150, 400])),
                          wished_facilities=["kitchen"], max_distance_km=15)
                for ini in initiatives
            ])  # fmt: skip
            started = clock.perf_counter()
            matched = match_open_needs(network.pk)
            result["all_seconds"] = round(clock.perf_counter() - started, 2)
            result["needs"] = len(matched)
            result["with_candidates"] = sum(1 for c in matched.values() if c)
            result["median_candidates"] = statistics.median(len(c) for c in matched.values())
            single_times = []
            for need in SpaceNeed.objects.select_related("initiative__organisation").filter(
                initiative__network=network
            )[:5]:
                started = clock.perf_counter()
                match_need(need, Batch(network.pk))
                single_times.append(clock.perf_counter() - started)
            result["one_need_seconds_max"] = round(max(single_times), 3)
            result["vendor"] = connection.vendor
    finally:
        with transaction.atomic():
            SpaceNeed.objects.filter(initiative_id__in=created).delete()
            Initiative.objects.filter(pk__in=created).delete()
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--needs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sqlite-path", help="another SQLite file than bench/data/bench.sqlite3 (a private copy)")
    parser.add_argument("--pg-name", help="another PostgreSQL database than bench_buurtkracht")
    args = parser.parse_args(argv)
    from bench import database

    if args.sqlite_path:
        database.SQLITE_PATH = Path(args.sqlite_path).resolve()
    if args.pg_name:
        database.PG_NAME = args.pg_name

    database.configure(args.db)
    print(run(args.needs, args.seed))


if __name__ == "__main__":
    main()
