"""Demo bookings: a few weeks of ordinary use of de Haard, de Bongerd and Dorpshuis Herpen, booked through
the bookings services (so they are checked against closures and each other, and audited).

Dates are relative to the day of loading (from next Monday on), so the week views are never empty.
Idempotent: a series is looked up by house and title and only booked when missing.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

# house, room, title, organisation (or None), kind, weekday (0 = Monday), week offset, start, minutes,
# number of weeks (weekly) and status ("confirmed", or "requested": waits for the manager). An organisation
# name that is not a demo organisation is a renter without an account: the house staff booked for them.
SERIES = [
    ("Wij(k)huis de Haard", "Vergaderruimte", "Taalcafé", "Bewonersinitiatief Samen Ruwaard",
     "weekly", 1, 0, "10:00", 120, 8, "confirmed"),
    ("Wij(k)huis de Haard", "Grote zaal – voorkant", "Yoga voor beginners", "Yogastudio Balans",
     "weekly", 2, 0, "19:30", 75, 8, "confirmed"),
    ("Wij(k)huis de Haard", "Keuken", "Eettafel voor de buurt", "Bewonersinitiatief Samen Ruwaard",
     "weekly", 3, 0, "16:30", 180, 8, "confirmed"),
    ("Wij(k)huis de Haard", "Grote zaal – achterkant", "Dagbesteding ouderen", "Zorgcoöperatie Maasland",
     "weekly", 0, 0, "10:00", 300, 8, "confirmed"),
    ("Wij(k)huis de Haard", "Grote zaal", "Bewonersavond Ruwaard", "Team Welzijn gemeente Oss",
     "one_off", 3, 1, "19:30", 120, 1, "confirmed"),
    ("Wij(k)huis de Haard", "Grote zaal", "Verjaardagsfeest 50 jaar", None,
     "one_off", 5, 2, "20:00", 210, 1, "requested"),
    ("de Bongerd", "Zaal", "Kaartmiddag senioren", "Stichting Dorpshuis Macharen",
     "weekly", 1, 0, "13:30", 180, 6, "confirmed"),
    ("de Bongerd", "Vergaderzaal", "Vergadering carnavalsvereniging", "Carnavalsvereniging De Knollen",
     "one_off", 4, 1, "20:00", 120, 1, "requested"),
    ("Dorpshuis Herpen", "Biljartruimte", "Clubavond biljart", "Biljartclub De Keu",
     "weekly", 1, 0, "19:30", 210, 8, "confirmed"),
]  # fmt: skip


def load_bookings(*, houses: dict, organisations: dict, users: dict, report) -> None:
    try:
        from buurtkracht.bookings.models import BookingSeries
        from buurtkracht.bookings.services.series import create_series
    except ImportError:
        report.notes.append("No demo bookings: the bookings app has no booking service.")
        return
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    for house_name, room_name, title, organisation_name, kind, weekday, week, start, minutes, weeks, status in SERIES:
        house = houses[house_name]
        if BookingSeries.objects.filter(house=house, title=title).exists():
            report.kept["bookings"] += 1
            continue
        organisation = organisations.get(organisation_name)
        staff = users["manager"] if house_name == "Wij(k)huis de Haard" else users["volunteer"]
        if organisation is not None:
            contact = organisation.contacts.filter(user__isnull=False).first()
            booker, fields = (contact.user if contact else staff), {"organisation": organisation}
        elif organisation_name:
            booker, fields = staff, {"renter_name": organisation_name}
        else:
            booker, fields = users["resident"], {"renter_name": users["resident"].display_name}
        hours, mins = (int(part) for part in start.split(":"))
        if kind == "weekly":
            fields.update(weekdays=[weekday], count=weeks)
        create_series(
            actor=staff if house.memberships.filter(user=staff).exists() else None,
            booker=booker,
            house=house,
            room=house.rooms.get(name=room_name),
            title=title,
            kind=kind,
            first_date=monday + timedelta(days=weekday, weeks=week),
            start_time=time(hours, mins),
            duration_minutes=minutes,
            free_only=True,
            status=status,
            **fields,
        )
        report.created["bookings"] += 1
