"""The one place where matching asks billing for a price (the house's own tariffs).

Matching shows what billing would quote for the dates the initiative asked for: ``weeks`` weekly sessions from
the first date of the slot on or after the need's start, less the dates matching saw taken (in the first
``HORIZON_WEEKS``), in that room, for the initiative's organisation (so its free hours count, per calendar year)
and its renter category. A booking made from an accepted proposal books those dates (the free ones), so the
figure is the charge's too. The price of a session once the free hours are used up is
shown beside it ("first 5 hours free, then €16 per session").
"""

from __future__ import annotations

from collections import Counter
from datetime import date, time

from buurtkracht.billing.categories import category_labels
from buurtkracht.billing.services.quotes import Pricer, Quote


def weekly_quote(
    pricer: Pricer, *, room, first_date: date, start_time: time, minutes: int, weeks: int, organisation,
    category: str, taken=(),
) -> Quote:  # fmt: skip
    """Billing's quote for the sessions a need asks for (see the module text), without the dates ``taken``
    already (a booking made from the proposal books only the free dates)."""
    return pricer.weekly(
        room=room, first_date=first_date, start_time=start_time, minutes=minutes, weeks=weeks,
        organisation=organisation, category=category, skip=frozenset(taken),
    )  # fmt: skip


def price_facts(result: Quote) -> dict:
    """What a proposal stores about the price (text values, so the inputs stay JSON): ``cost`` (the quote's
    total before VAT over every priced date, None when no date has a rate card), ``sessions``, ``unpriced``
    (dates without a rate card), ``free_hours`` used, ``per_session`` (the most common price of a session that
    used no free hours; None when every session is free or unpriced) and the category's name."""
    priced = result.priced
    full = Counter(d.price.total for d in priced if not d.price.free_hours_used)
    per_session = max(full.items(), key=lambda item: (item[1], item[0]))[0] if full else None
    return {
        "cost": str(result.total) if priced else None,
        "sessions": len(result.dates),
        "unpriced": len(result.unpriced),
        "free_hours": str(result.free_hours_used),
        "per_session": None if per_session is None else str(per_session),
        "category": result.category,
        "category_label": result.category_label,
    }


def category_name(category: str, network_id: int | None) -> str:
    return category_labels(network_id).get(category, category)
