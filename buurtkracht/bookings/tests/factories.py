"""Helpers to book in tests through the real services (so claims and exceptions are always right)."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from buurtkracht.bookings.services.series import create_series


def future_monday(weeks_ahead: int = 2) -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 * weeks_ahead - today.weekday())


def book(room, *, actor=None, title="Koor", first_date=None, start=time(19, 30), minutes=120, **fields):
    """Book ``room`` through the service (confirmed unless ``status`` or ``option`` say otherwise)."""
    fields.setdefault("status", "confirmed")
    return create_series(
        actor=actor,
        house=room.house,
        room=room,
        title=title,
        first_date=first_date or future_monday(),
        start_time=start,
        duration_minutes=minutes,
        **fields,
    )
