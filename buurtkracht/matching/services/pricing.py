"""The one place where matching asks billing for a price (the house's own tariffs)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from buurtkracht.billing.categories import category_labels
from buurtkracht.billing.services.quotes import quote


def price_per_session(*, house, room, start: datetime, end: datetime, category: str) -> tuple[Decimal | None, str]:
    """(price of one weekly session before VAT under the house's rate card for ``category``, the category's
    name in the network); price ``None`` when the house has no rate card for that date."""
    result = quote(house=house, room=room, slots=[(start, end)], category=category, seasonal=True)
    if result.unpriced:
        return None, result.category_label
    return result.total, result.category_label


def category_name(category: str, network_id: int | None) -> str:
    return category_labels(network_id).get(category, category)
