"""What bookings tells the rest of the platform, without knowing who listens.

``occurrences_confirmed``
    Sent when dates became (or stayed, after a change of time or room) confirmed: approval, a booking made
    confirmed at once (staff, trusted organisations, the iCalendar import), a date booked again, moved,
    rescheduled or split off into a new series. Billing freezes the price of each date here.
``occurrences_cancelled``
    Sent when dates stopped being confirmed: cancelled, declined, or sent back to the house for approval after
    a change by the renter. Billing applies the house's cancellation rule.

Both are sent with ``sender=Occurrence``, ``occurrence_ids`` (a list of primary keys) and ``actor`` (the person
who made the change, or ``None``), and only **after the transaction commits**: a rolled-back booking sends
nothing, and a listener that fails never undoes the booking (``send_robust``; failures are logged).
Receivers may get ids of dates they have nothing to do for; they must be idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

from buurtkracht.bookings.models import Occurrence

logger = logging.getLogger("buurtkracht.bookings")

occurrences_confirmed = Signal()
occurrences_cancelled = Signal()


def send_after_commit(signal: Signal, occurrence_ids: Iterable[int], *, actor=None) -> None:
    """Send ``signal`` for ``occurrence_ids`` once the current transaction commits (at once outside one).
    Nothing is sent for an empty list."""
    ids = list(dict.fromkeys(occurrence_ids))
    if not ids:
        return

    def send() -> None:
        for receiver, result in signal.send_robust(sender=Occurrence, occurrence_ids=list(ids), actor=actor):
            if isinstance(result, Exception):
                logger.error(
                    "A receiver of a bookings event failed (%s) for dates %s.",
                    getattr(receiver, "__qualname__", receiver),
                    ids[:20],
                    exc_info=(type(result), result, result.__traceback__),
                )

    transaction.on_commit(send, robust=True)
