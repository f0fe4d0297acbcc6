"""Invoice totals (billing.md §13, EN 16931): VAT per category and rate on the sum of the line nets, rounded
once; the invoice total is the sum of the nets plus the sum of the rounded VAT amounts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from buurtkracht.billing.money import ZERO, cents, percent_of


@dataclass(frozen=True)
class VatGroup:
    category: str
    rate: Decimal
    taxable: Decimal
    vat: Decimal
    exemption_code: str = ""
    exemption_reason: str = ""


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal
    groups: tuple[VatGroup, ...]
    list_total: Decimal = ZERO

    @property
    def discount(self) -> Decimal:
        return self.list_total - self.net


def compute(lines) -> Totals:
    """``lines`` need ``net_amount`` (or ``amount``), ``vat_category``, ``vat_rate`` and optionally
    ``list_amount``, ``vat_exemption_code`` and ``vat_exemption_reason``."""
    taxable: dict[tuple[str, Decimal], Decimal] = defaultdict(lambda: ZERO)
    reasons: dict[tuple[str, Decimal], tuple[str, str]] = {}
    net = list_total = ZERO
    for line in lines:
        amount = cents(getattr(line, "net_amount", None) if hasattr(line, "net_amount") else line.amount)
        key = (line.vat_category, Decimal(line.vat_rate).normalize() if line.vat_rate else Decimal("0"))
        taxable[key] += amount
        net += amount
        list_total += cents(getattr(line, "list_amount", amount))
        if key not in reasons and (
            getattr(line, "vat_exemption_code", "") or getattr(line, "vat_exemption_reason", "")
        ):
            reasons[key] = (line.vat_exemption_code, line.vat_exemption_reason)
    groups = tuple(
        VatGroup(category, rate, total, percent_of(total, rate), *reasons.get((category, rate), ("", "")))
        for (category, rate), total in sorted(taxable.items(), key=lambda item: (item[0][0], item[0][1]))
    )
    vat = sum((g.vat for g in groups), ZERO)
    return Totals(net=net, vat=vat, gross=net + vat, groups=groups, list_total=list_total)
