"""Benchmark: the monthly invoice run of a network of 160 community centres (about 40,000 booked dates).

    python bench/billing_invoice_run.py --db sqlite|postgres [--houses 160] [--json bench/results/x.json]

Builds its own database (bench/data/billing.sqlite3 or PostgreSQL ``bench_billing``; never the product or the
bookings benchmark database): one network, 160 houses with billing details, three rooms and a rate card each
(hourly, day-part or per-use cards; category discounts, free hours, a volume tier, bar and kitchen extras),
30 organisations per house in every renter category (municipal services want e-invoices), and weekly
confirmed bookings filling March 2026 (the month of the spring clock change). Bookings are bulk-inserted
without the bookings service; billing sees them exactly as the service leaves them (confirmed occurrences,
no charges yet), so the run also prices every date lazily.

Timed, wall clock and process CPU: (1) the invoice run of every house for March: pricing ~40,000 dates into
charge lines, drafting and issuing one invoice per organisation and per private booking with gap-free
numbers, in one transaction per house; (2) revenue forgone of the network; (3) PDF and UBL rendering of a
sample; (4) the reminder job for the whole month's invoices. Target: (1) within 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DATA_DIR = ROOT / "bench" / "data"
SQLITE_PATH = DATA_DIR / "billing.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "bench_billing"
APPS = ["contenttypes", "auth", "sessions", "core", "accounts", "networks", "houses", "organisations", "bookings",
        "billing"]  # fmt: skip
MONTH = (date(2026, 3, 1), date(2026, 3, 31))
TARGET_S = 60
AMS = ZoneInfo("Europe/Amsterdam")
CATEGORIES = ["resident_initiative", "non_profit", "non_profit", "care_welfare", "municipal", "commercial"]
SLOTS = [(time(9, 30), 120), (time(14), 120), (time(19, 30), 150)]
SERIES_PER_HOUSE = 56  # weekly, 4 or 5 dates in March: about 250 dates a house, 40,000 in the network


def slot_plan(rooms):
    """(weekday, start, minutes, room) for the weekly series of one house: evenings first, as in real houses."""
    plan = [(d, t, m, r) for t, m in reversed(SLOTS) for d in range(7) for r in rooms]
    return plan[:SERIES_PER_HOUSE]


def setup_django(db: str) -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "buurtkracht.settings"
    os.environ.pop("DB", None)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(SQLITE_PATH)
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                         "AND pid <> pg_backend_pid()", [PG_NAME])  # fmt: skip
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for app in APPS:
        call_command("migrate", app, verbosity=0, interactive=False)


def generate(houses: int, seed: int) -> dict:
    """Build the network; returns counts. Not timed."""
    from django.db import transaction

    from buurtkracht.billing.models import HouseBillingProfile, OrganisationBillingProfile
    from buurtkracht.billing.services import tariffs
    from buurtkracht.bookings.models import BookingSeries, Occurrence
    from buurtkracht.houses.models import House, Room
    from buurtkracht.networks.models import Network
    from buurtkracht.organisations.models import Organisation

    rng = random.Random(seed)
    with transaction.atomic():
        network = Network.objects.create(name="Dorpshuizen Bench", slug="bench", kind="umbrella")
        house_rows = House.objects.bulk_create(
            House(name=f"Dorpshuis {n:03d}", slug=f"dorpshuis-{n:03d}", street=f"Dorpsstraat {n}", postcode="5341 AA",
                  city="Oss", time_zone="Europe/Amsterdam") for n in range(houses)
        )  # fmt: skip
        network.houses.add(*house_rows)
        Room.objects.bulk_create(
            Room(house=h, name=name, capacity=40, floor_area_m2=Decimal(area))
            for h in house_rows for name, area in (("Grote zaal", 120), ("Vergaderzaal", 40), ("Clubruimte", 60))
        )  # fmt: skip
        HouseBillingProfile.objects.bulk_create(
            HouseBillingProfile(house=h, legal_name=f"Stichting {h.name}", street=h.street, postcode=h.postcode,
                                city=h.city, registration_number=f"{10000000 + n}", vat_id=f"NL{800000000 + n}B01",
                                iban="NL91ABNA0417164300", email="penningmeester@bench.example",
                                number_prefix=f"D{n:03d}")
            for n, h in enumerate(house_rows)
        )  # fmt: skip
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Organisatie {h.pk}-{k}", kind="club", renter_category=CATEGORIES[k % len(CATEGORIES)],
                         network=network, street="Molenstraat 1", postcode="5341 BB", city="Oss",
                         email=f"o{h.pk}-{k}@bench.example", registration_number=f"{20000000 + h.pk * 100 + k}")
            for h in house_rows for k in range(30)
        )  # fmt: skip
        OrganisationBillingProfile.objects.bulk_create(
            OrganisationBillingProfile(organisation=o, legal_name=o.name, street=o.street, postcode=o.postcode,
                                       city=o.city, invoice_email=o.email, company_id=o.registration_number,
                                       e_invoice="peppol", buyer_reference=f"INK-{o.pk}")
            for o in organisations if o.renter_category == "municipal"
        )  # fmt: skip
    by_house = {h.pk: [] for h in house_rows}
    for o in organisations:
        by_house[int(o.name.split()[1].split("-")[0])].append(o)
    categories = {
        "resident_initiative": {"discount_percent": Decimal("75"), "free_hours_per_year": Decimal("10")},
        "non_profit": {"discount_percent": Decimal("50")},
        "care_welfare": {"discount_percent": Decimal("25")},
        "municipal": {"own_price": Decimal("20.00")},
        "private": {"deposit": Decimal("150.00")},
    }
    for n, house in enumerate(house_rows):
        kind = ("hour", "hour", "hour", "day_part", "use")[n % 5]
        prices = {"hour": {"hour_price": Decimal("32.00"), "minimum_charge": Decimal("25.00")},
                  "day_part": {"morning_price": Decimal("60"), "afternoon_price": Decimal("60"),
                               "evening_price": Decimal("80")},
                  "use": {"use_price": Decimal("45.00")}}[kind]  # fmt: skip
        card = tariffs.create_rate_card(actor=None, house=house, name="Tarieven 2026", valid_from=date(2026, 1, 1),
                                        unit=kind, categories=categories, **prices)  # fmt: skip
        tariffs.add_tier(card, actor=None, more_than=30, discount_percent=Decimal("10"))
        tariffs.add_surcharge(
            card, actor=None, code="bar", name="Bar open", price=Decimal("25"), vat_rate=Decimal("21")
        )
        tariffs.add_surcharge(
            card, actor=None, code="kitchen", name="Keuken", price=Decimal("15"), vat_rate=Decimal("9")
        )

    from buurtkracht.billing.models import SeriesTerms

    rooms = {}
    for room in Room.objects.filter(house__in=house_rows).order_by("pk"):
        rooms.setdefault(room.house_id, []).append(room)
    series_rows, plans = [], []
    first, last = MONTH
    for house in house_rows:
        orgs = by_house[house.pk]
        for n, (weekday, start_time, minutes, room) in enumerate(slot_plan(rooms[house.pk])):
            org = None if n % 8 == 7 else orgs[n % len(orgs)]  # every eighth series: a private renter
            day = first + timedelta(days=(weekday - first.weekday()) % 7)
            days = [day + timedelta(weeks=w) for w in range(5) if day + timedelta(weeks=w) <= last]
            series_rows.append(BookingSeries(
                house=house, room=room, organisation=org, title=f"Activiteit {n}", status="confirmed",
                renter_name="" if org else f"Particulier {house.pk}-{n}", kind="weekly", interval=1,
                weekdays=[weekday], start_time=start_time, duration_minutes=minutes, first_date=days[0],
                until_date=days[-1], time_zone="Europe/Amsterdam",
            ))  # fmt: skip
            plans.append((days, start_time, minutes))
    with transaction.atomic():
        series_rows = BookingSeries.objects.bulk_create(series_rows, batch_size=2000)
        occurrences = []
        for series, (days, start_time, minutes) in zip(series_rows, plans, strict=True):
            for day in days:
                start = datetime.combine(day, start_time, tzinfo=AMS)
                end = start + timedelta(minutes=minutes)
                occurrences.append(Occurrence(
                    series=series, room_id=series.room_id, house_id=series.house_id,
                    organisation_id=series.organisation_id, slot_date=day, original_start=start.astimezone(UTC),
                    start=start.astimezone(UTC), end=end.astimezone(UTC), blocked_start=start.astimezone(UTC),
                    blocked_end=end.astimezone(UTC), local_date=day, status="confirmed",
                ))  # fmt: skip
        Occurrence.objects.bulk_create(occurrences, batch_size=5000)
        SeriesTerms.objects.bulk_create(
            SeriesTerms(series=s, extras=rng.choice([["bar"], ["kitchen"], ["bar", "kitchen"]]))
            for s in series_rows if rng.random() < 0.3
        )  # fmt: skip
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics after the bulk load, as a live database has them
        cursor.execute("ANALYZE")
    return {"houses": len(house_rows), "organisations": len(organisations), "series": len(series_rows),
            "occurrences": len(occurrences)}  # fmt: skip


def timed(fn):
    wall, cpu = clock.perf_counter(), clock.process_time()
    result = fn()
    return result, clock.perf_counter() - wall, clock.process_time() - cpu


def run(db: str, houses: int, seed: int) -> dict:
    setup_django(db)
    from django.db import connection

    from buurtkracht.billing.documents.pdf import render_pdf
    from buurtkracht.billing.documents.ubl import render_ubl
    from buurtkracht.billing.models import ChargeLine, Invoice, InvoiceLine
    from buurtkracht.billing.services.invoices import run_invoices
    from buurtkracht.billing.services.payments import send_invoice_reminders
    from buurtkracht.billing.services.reports import revenue_forgone
    from buurtkracht.houses.models import House
    from buurtkracht.networks.models import Network

    counts, gen_s, _cpu = timed(lambda: generate(houses, seed))
    print(f"generated {counts} in {gen_s:.1f} s", flush=True)
    per_house = []

    def invoice_all():
        made = 0
        for house in House.objects.order_by("pk"):
            start = clock.perf_counter()
            made += len(run_invoices(actor=None, house=house, period_start=MONTH[0], period_end=MONTH[1]))
            per_house.append(clock.perf_counter() - start)
        return made

    invoices, run_s, run_cpu = timed(invoice_all)
    print(f"invoice run: {invoices} invoices in {run_s:.1f} s (cpu {run_cpu:.1f} s)", flush=True)
    checks = {
        "charged_dates": ChargeLine.objects.filter(code="rent").count(),
        "charge_lines": ChargeLine.objects.count(),
        "invoices": Invoice.objects.filter(status="issued").count(),
        "invoice_lines": InvoiceLine.objects.count(),
        "uninvoiced": ChargeLine.objects.uninvoiced().count(),
    }
    gap_free = all(
        sorted(Invoice.objects.filter(house=h).values_list("sequence", flat=True))
        == list(range(1, Invoice.objects.filter(house=h).count() + 1))
        for h in House.objects.all()[:160]
    )
    network = Network.objects.get(slug="bench")
    report, forgone_s, _ = timed(lambda: revenue_forgone(start=MONTH[0], end=MONTH[1], houses=network.houses.all(),
                                                          group_by=("house", "category"), network_id=network.pk))  # fmt: skip
    sample = list(Invoice.objects.filter(e_invoice="peppol").order_by("pk")[:25])
    sample += list(Invoice.objects.exclude(e_invoice="peppol").order_by("pk")[:25])
    _pdf, pdf_s, _ = timed(lambda: [render_pdf(i) for i in sample])
    einvoices = [i for i in sample if i.e_invoice]
    _xml, ubl_s, _ = timed(lambda: [render_ubl(i) for i in einvoices])
    due = Invoice.objects.order_by("due_date").values_list("due_date", flat=True).first()
    reminders, remind_s, _ = timed(lambda: send_invoice_reminders(today=due + timedelta(days=8)))
    per_house.sort()
    return {
        "db": connection.vendor, "python": platform.python_version(), "cpus": os.cpu_count(),
        "generated": counts, "generate_s": round(gen_s, 1), "invoice_run_s": round(run_s, 2),
        "invoice_run_cpu_s": round(run_cpu, 2), "per_house_p50_ms": round(per_house[len(per_house) // 2] * 1000),
        "per_house_max_ms": round(per_house[-1] * 1000), "target_s": TARGET_S, "within_target": run_s <= TARGET_S,
        **checks, "numbers_gap_free": gap_free, "forgone_total": str(report.total.forgone),
        "forgone_query_ms": round(forgone_s * 1000), "pdf_ms_each": round(pdf_s * 1000 / max(1, len(sample))),
        "ubl_ms_each": round(ubl_s * 1000 / max(1, len(einvoices))), "reminders_sent": reminders,
        "reminders_s": round(remind_s, 2),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--houses", type=int, default=160)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = run(args.db, args.houses, args.seed)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
