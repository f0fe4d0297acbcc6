"""Demo bookings: a few weeks of realistic use of de Haard and de Bongerd, through the bookings services.

Only loaded when the bookings app offers its services; otherwise the report says so and nothing happens.
"""

from __future__ import annotations


def load_bookings(*, houses: dict, organisations: dict, report) -> None:
    try:
        from buurtkracht.bookings import services  # noqa: F401
    except ImportError:
        report.notes.append("No demo bookings: the bookings app has no services yet.")
        return
    report.notes.append("No demo bookings yet: the demo does not know this version of the bookings services.")
