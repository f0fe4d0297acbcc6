"""Hooks into bookings without bookings knowing billing.

``buurtkracht.bookings.events`` sends ``occurrences_confirmed`` and ``occurrences_cancelled`` after commit, with
``occurrence_ids`` and ``actor``; these receivers charge and cancel at once (``BillingConfig.ready`` imports this
module, so ``CONNECTED`` is True in the running app). Whatever they miss, the invoice run does lazily
(``services.charges.ensure_charges`` / ``reconcile_cancellations``). A failure here never undoes a booking: it
is logged and the invoice run catches up.
"""

from __future__ import annotations

import importlib
import logging

logger = logging.getLogger("buurtkracht.billing")


def on_confirmed(sender, occurrence_ids=(), actor=None, **kwargs) -> None:
    from buurtkracht.billing.services.charges import charge_occurrences

    try:
        charge_occurrences(list(occurrence_ids), actor=actor)
    except Exception:  # the invoice run will charge these dates
        logger.exception("Charging confirmed dates %s failed.", list(occurrence_ids)[:20])


def on_cancelled(sender, occurrence_ids=(), actor=None, **kwargs) -> None:
    from buurtkracht.billing.services.charges import cancel_charges

    try:
        cancel_charges(list(occurrence_ids), actor=actor)
    except Exception:
        logger.exception("Applying cancellation rules to %s failed.", list(occurrence_ids)[:20])


def connect() -> bool:
    """Connect to the bookings signals when bookings offers them. Returns whether it did."""
    try:
        events = importlib.import_module("buurtkracht.bookings.events")
    except ModuleNotFoundError:
        return False
    confirmed = getattr(events, "occurrences_confirmed", None)
    cancelled = getattr(events, "occurrences_cancelled", None)
    if confirmed is not None:
        confirmed.connect(on_confirmed, dispatch_uid="billing_charge_confirmed")
    if cancelled is not None:
        cancelled.connect(on_cancelled, dispatch_uid="billing_cancel_charges")
    return confirmed is not None or cancelled is not None


CONNECTED = connect()
