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


def add_rate_cards(houses, rng, today) -> list[int]:
    """Rate cards for the network's houses that have none (removed again at the end): hourly, day-part or
    per-use cards with category terms (resident initiatives −75 % and 20 free hours a year, non-profits −50 %,
    municipal services an own price, commercial renters the list price); every third house has a new card
    version from eight weeks on, so quotes cross a card change. Written in bulk (bench set-up, not a service)."""
    from buurtkracht.billing.models import CategoryRate, RateCard

    with_cards = set(RateCard.objects.filter(house__in=houses).values_list("house_id", flat=True))
    cards = []
    change = today + timedelta(weeks=8)
    for i, house in enumerate(h for h in houses if h.pk not in with_cards):
        unit = ("hour", "hour", "day_part", "use")[i % 4]
        versions = [(today.replace(month=1, day=1), change - timedelta(days=1)), (change, None)] if i % 3 == 0 else [
            (today.replace(month=1, day=1), None)]  # fmt: skip
        for n, (start, end) in enumerate(versions):
            price = Decimal(rng.choice(["22.50", "30.00", "37.50"])) + 5 * n
            cards.append(RateCard(
                house=house, name=f"Tarieven {n + 1}", valid_from=start, valid_until=end, unit=unit,
                hour_price=price if unit == "hour" else None, use_price=price * 3 if unit == "use" else None,
                morning_price=price * 2 if unit == "day_part" else None,
                afternoon_price=price * 2 if unit == "day_part" else None,
                evening_price=price * 3 if unit == "day_part" else None,
            ))  # fmt: skip
    RateCard.objects.bulk_create(cards)
    if any(c.pk is None for c in cards):
        cards = list(RateCard.objects.filter(house__in=houses).exclude(house_id__in=with_cards))
    terms = {"resident_initiative": {"discount_percent": Decimal("75"), "free_hours_per_year": Decimal("20")},
             "non_profit": {"discount_percent": Decimal("50")}, "care_welfare": {"discount_percent": Decimal("25")},
             "municipal": {"own_price": Decimal("20.00")}}  # fmt: skip
    CategoryRate.objects.bulk_create(
        [
            CategoryRate(rate_card=card, category=category, **values)
            for card in cards
            for category, values in terms.items()
        ]
    )
    return [card.pk for card in cards]


def run(needs_count: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from buurtkracht.houses.models import House
    from buurtkracht.matching.models import Initiative, SpaceNeed
    from buurtkracht.matching.services.engine import match_need, match_open_needs
    from buurtkracht.networks.models import Area, Network
    from buurtkracht.organisations.models import Organisation

    call_command("migrate", "billing", verbosity=0)
    call_command("migrate", "matching", verbosity=0)
    network = Network.objects.annotate(n=Count("houses")).filter(n__gte=150, n__lte=200).order_by("pk").first()
    house_rows = list(House.objects.filter(networks=network))
    houses = [{"latitude": h.latitude, "longitude": h.longitude} for h in house_rows]
    organisations = list(Organisation.objects.filter(network=network).order_by("pk"))
    area = Area.objects.filter(kind=Area.Kind.MUNICIPALITY).first() or Area.objects.create(
        country="NL", kind="municipality", code="GM9999", name="Bench"
    )
    rng = random.Random(seed)
    today = timezone.localdate()
    starts = [today + timedelta(days=d) for d in (7, 14, 28)]
    result: dict = {"network": network.name, "houses": len(houses)}
    created: list = []
    cards: list = []
    try:
        if True:
            cards = add_rate_cards(house_rows, rng, today)
            result["rate_cards_added"] = len(cards)
            initiatives = Initiative.objects.bulk_create([
                Initiative(name=f"Initiatief {i}", goal="Bench", area=area, network=network,
                           organisation=organisations[i % len(organisations)] if organisations and i % 3 else None,
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
            started, cpu = clock.perf_counter(), clock.process_time()
            matched = match_open_needs(network.pk)
            result["all_seconds"] = round(clock.perf_counter() - started, 2)
            result["all_cpu_seconds"] = round(clock.process_time() - cpu, 2)
            result["needs"] = len(matched)
            result["with_candidates"] = sum(1 for c in matched.values() if c)
            result["median_candidates"] = statistics.median(len(c) for c in matched.values())
            shown = [c for found in matched.values() for c in found]
            result["shown_with_price"] = sum(1 for c in shown if c.inputs.get("cost") is not None)
            result["shown_with_free_hours"] = sum(1 for c in shown if c.inputs.get("free_hours") not in (None, "0"))
            single_times = []
            for need in SpaceNeed.objects.select_related("initiative__organisation").filter(
                initiative__network=network
            )[:5]:
                started = clock.perf_counter()
                match_need(need)  # a batch for this need alone (Batch.for_need), as the need page does
                single_times.append(clock.perf_counter() - started)
            result["one_need_seconds_max"] = round(max(single_times), 3)
            result["vendor"] = connection.vendor
    finally:
        from buurtkracht.billing.models import RateCard

        with transaction.atomic():
            SpaceNeed.objects.filter(initiative_id__in=created).delete()
            Initiative.objects.filter(pk__in=created).delete()
            RateCard.objects.filter(pk__in=cards).delete()
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
