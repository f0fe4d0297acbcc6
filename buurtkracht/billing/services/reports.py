"""Revenue forgone, counted as social investment (billing.md §6), from frozen charges only.

    F          = Σ (list amount − charged amount)  over lines charged below list (= Σ hours × (list − applied)
                                                   for hourly lines; free hours count with their list price)
    premium    = Σ (charged amount − list amount)  over lines charged above list, reported apart
    result     = Σ charged amounts                 (rent and extras actually asked)
    result at list price = result + F

Void (cancelled) charges do not count. Use :func:`revenue_forgone` from the house dashboard and the impact
reports; it answers in one grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from buurtkracht.billing.categories import category_labels
from buurtkracht.billing.models import RENT, ChargeLine
from buurtkracht.billing.money import cents

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
GROUPS = {"house": "house_id", "category": "category", "organisation": "organisation_id", "month": "month"}


@dataclass
class ForgoneRow:
    key: dict
    hours: Decimal = ZERO
    list_total: Decimal = ZERO
    charged: Decimal = ZERO
    forgone: Decimal = ZERO
    premium: Decimal = ZERO
    dates: int = 0

    @property
    def result_at_list(self) -> Decimal:
        return self.charged + self.forgone

    @property
    def share_forgone(self) -> Decimal:
        return (self.forgone * 100 / self.list_total).quantize(Decimal("0.1")) if self.list_total else Decimal("0.0")


@dataclass
class ForgoneReport:
    start: date
    end: date
    group_by: tuple[str, ...]
    rows: list[ForgoneRow] = field(default_factory=list)
    labels: dict = field(default_factory=dict)

    @property
    def total(self) -> ForgoneRow:
        total = ForgoneRow(key={})
        for row in self.rows:
            total.hours += row.hours
            total.list_total += row.list_total
            total.charged += row.charged
            total.forgone += row.forgone
            total.premium += row.premium
            total.dates += row.dates
        return total

    def label(self, row: ForgoneRow) -> str:
        return self.labels.get(row.key.get("category"), row.key.get("category", ""))


def revenue_forgone(
    *,
    start: date,
    end: date,
    houses=None,
    organisations=None,
    group_by: tuple[str, ...] = ("category",),
    network_id: int | None = None,
) -> ForgoneReport:
    """F, premiums, hours, list and charged totals for charges dated ``start``…``end`` (inclusive), for the
    given houses (ids or a queryset; all when None), grouped by any of house, category, organisation and
    month."""
    unknown = set(group_by) - set(GROUPS)
    if unknown:
        raise ValueError(f"Unknown grouping: {sorted(unknown)}")
    qs = ChargeLine.objects.billable().filter(local_date__range=(start, end))
    if houses is not None:
        qs = qs.filter(house__in=houses)
    if organisations is not None:
        qs = qs.filter(organisation__in=organisations)
    if "month" in group_by:
        qs = qs.annotate(month=TruncMonth("local_date"))
    fields = [GROUPS[g] for g in group_by]
    below = Q(amount__lt=F("list_amount"))
    above = Q(amount__gt=F("list_amount"))
    rows = (
        qs.values(*fields)
        .annotate(
            hours=Coalesce(Sum("hours", filter=Q(code=RENT)), Value(ZERO), output_field=MONEY),
            list_total=Coalesce(Sum("list_amount"), Value(ZERO), output_field=MONEY),
            charged=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY),
            forgone=Coalesce(
                Sum(Case(When(below, then=F("list_amount") - F("amount")), default=Value(ZERO), output_field=MONEY)),
                Value(ZERO),
                output_field=MONEY,
            ),
            premium=Coalesce(
                Sum(Case(When(above, then=F("amount") - F("list_amount")), default=Value(ZERO), output_field=MONEY)),
                Value(ZERO),
                output_field=MONEY,
            ),
            dates=Sum(Case(When(code=RENT, then=Value(1)), default=Value(0))),
        )
        .order_by(*fields)
    )
    report = ForgoneReport(start=start, end=end, group_by=tuple(group_by), labels=category_labels(network_id))
    for row in rows:
        key = {g: row[GROUPS[g]] for g in group_by}
        report.rows.append(
            ForgoneRow(
                key=key,
                hours=cents(row["hours"]),  # SQLite sums decimals as floats: back to two places
                list_total=cents(row["list_total"]),
                charged=cents(row["charged"]),
                forgone=cents(row["forgone"]),
                premium=cents(row["premium"]),
                dates=row["dates"] or 0,
            )
        )
    return report
