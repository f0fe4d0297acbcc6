"""The one pricing function (billing.md §2): pure, no database, ``Decimal`` only.

The quote, the charge made when a date is confirmed and therefore the invoice all come from
:func:`price_occurrence`, so a quote equals the charge for the same inputs. Callers collect the inputs
(the card valid on the date, the renter category, extras, the number of uses for the volume tier and the
free hours left) in ``services.quotes``; this module only computes.

Rules, in order, for the room ("rent") line:

1. Hours are the elapsed time of the UTC range (21:00–03:00 on the night the clocks go back is seven
   hours), or the wall-clock time when the card says ``clock_hours``; rounded up to the card's step.
2. The list amount: hours × hour price; or the sum of the day parts touched (in the house's local time; a
   part touched for no more than the grace minutes is not counted, but at least one part is); or the
   price per use. A volume tier lowers the list unit price first. The day cap then limits the amount
   ("cheapest of"), and the minimum charge raises it.
3. The category: its own unit price, or its discount off the list amount.
4. Free hours: the share of the booking covered by free hours is not charged; the list price stays, so
   the free hours count as revenue forgone.

Extras ("surcharges") are separate lines with their own VAT; the category discount applies to them only
when the surcharge says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from buurtkracht.billing.money import HUNDRED, cents, euro, number, percent_of, unit_price

ZERO = Decimal("0")
DAY_PARTS = ("morning", "afternoon", "evening")


@dataclass(frozen=True)
class CategoryTerms:
    discount_percent: Decimal = ZERO
    own_price: Decimal | None = None
    free_hours_per_year: Decimal = ZERO
    deposit: Decimal = ZERO


@dataclass(frozen=True)
class Tier:
    more_than: int
    discount_percent: Decimal


@dataclass(frozen=True)
class Extra:
    code: str
    name: str
    price: Decimal
    unit: str = "use"
    always: bool = False
    discounted: bool = False
    vat_category: str = "S"
    vat_rate: Decimal = Decimal("21")
    vat_exemption_code: str = ""
    vat_exemption_reason: str = ""


@dataclass(frozen=True)
class Card:
    """A rate card as plain values (see :meth:`from_model`)."""

    unit: str
    id: int | None = None
    name: str = ""
    hour_price: Decimal | None = None
    use_price: Decimal | None = None
    morning_price: Decimal | None = None
    afternoon_price: Decimal | None = None
    evening_price: Decimal | None = None
    morning_starts: time = time(8, 0)
    afternoon_starts: time = time(13, 0)
    evening_starts: time = time(18, 0)
    grace_minutes: int = 0
    rounding_minutes: int = 15
    clock_hours: bool = False
    minimum_charge: Decimal = ZERO
    day_cap: Decimal | None = None
    vat_category: str = "E"
    vat_rate: Decimal = ZERO
    vat_exemption_code: str = ""
    vat_exemption_reason: str = ""
    categories: dict = field(default_factory=dict)
    tiers: tuple = ()
    extras: dict = field(default_factory=dict)

    @classmethod
    def from_model(cls, card) -> Card:
        """Build from a ``RateCard`` (prefetch ``category_rates``, ``tiers`` and ``surcharges``)."""
        return cls(
            id=card.pk,
            name=card.name,
            unit=card.unit,
            hour_price=card.hour_price,
            use_price=card.use_price,
            morning_price=card.morning_price,
            afternoon_price=card.afternoon_price,
            evening_price=card.evening_price,
            morning_starts=card.morning_starts,
            afternoon_starts=card.afternoon_starts,
            evening_starts=card.evening_starts,
            grace_minutes=card.grace_minutes,
            rounding_minutes=card.rounding_minutes,
            clock_hours=card.clock_hours,
            minimum_charge=card.minimum_charge,
            day_cap=card.day_cap,
            vat_category=card.vat_category,
            vat_rate=card.vat_rate,
            vat_exemption_code=card.vat_exemption_code,
            vat_exemption_reason=card.vat_exemption_reason if card.vat_category == "E" else "",
            categories={
                r.category: CategoryTerms(r.discount_percent, r.own_price, r.free_hours_per_year, r.deposit)
                for r in card.category_rates.all()
            },
            tiers=tuple(sorted((Tier(t.more_than, t.discount_percent) for t in card.tiers.all()), key=_tier_key)),
            extras={
                s.code: Extra(
                    code=s.code, name=s.name, price=s.price, unit=s.unit, always=s.always, discounted=s.discounted,
                    vat_category=s.vat_category, vat_rate=s.vat_rate, vat_exemption_code=s.vat_exemption_code,
                    vat_exemption_reason=s.vat_exemption_reason if s.vat_category == "E" else "",
                )
                for s in card.surcharges.all()
            },
        )  # fmt: skip

    def terms_for(self, category: str) -> CategoryTerms:
        return self.categories.get(category) or CategoryTerms()


def _tier_key(tier: Tier) -> int:
    return tier.more_than


@dataclass(frozen=True)
class PriceLine:
    code: str
    description: str
    rule: str
    unit: str
    quantity: Decimal
    hours: Decimal
    list_unit_price: Decimal
    applied_unit_price: Decimal
    list_amount: Decimal
    amount: Decimal
    vat_category: str
    vat_rate: Decimal
    vat_exemption_code: str = ""
    vat_exemption_reason: str = ""
    free_hours: Decimal = ZERO
    tier: str = ""

    @property
    def discount(self) -> Decimal:
        return self.list_amount - self.amount

    @property
    def vat(self) -> Decimal:
        return percent_of(self.amount, self.vat_rate)


@dataclass(frozen=True)
class OccurrencePrice:
    lines: tuple[PriceLine, ...]
    free_hours_used: Decimal = ZERO
    card_id: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def list_total(self) -> Decimal:
        return sum((line.list_amount for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def discount(self) -> Decimal:
        return self.list_total - self.total

    @property
    def rent(self) -> PriceLine:
        return self.lines[0]


# --- Time ---------------------------------------------------------------------------------------------


def billable_minutes(start: datetime, end: datetime, tz: ZoneInfo, *, clock_hours: bool, step: int) -> int:
    """Minutes to charge: elapsed (UTC) or wall-clock minutes, rounded up to ``step``."""
    if clock_hours:
        a, b = start.astimezone(tz).replace(tzinfo=None), end.astimezone(tz).replace(tzinfo=None)
        minutes = (b - a).total_seconds() / 60
    else:
        minutes = (end - start).total_seconds() / 60
    step = max(1, step)
    return max(step, math.ceil(minutes / step - 1e-9) * step)


def hours_of(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def _at(day: date, moment: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=tz)


def day_parts(start: datetime, end: datetime, tz: ZoneInfo, card: Card) -> list[tuple[date, str]]:
    """The day parts [(business day, part)] the booking touches, in local time. A business day runs from the
    morning start to the next morning start, so 21:00–01:00 is one evening, not an evening and a morning."""
    local_start = start.astimezone(tz)
    first = local_start.date()
    if local_start.timetz().replace(tzinfo=None) < card.morning_starts:
        first -= timedelta(days=1)
    grace = timedelta(minutes=card.grace_minutes)
    touched: list[tuple[date, str, timedelta]] = []
    day = first
    while _at(day, card.morning_starts, tz) < end:
        bounds = [
            ("morning", _at(day, card.morning_starts, tz), _at(day, card.afternoon_starts, tz)),
            ("afternoon", _at(day, card.afternoon_starts, tz), _at(day, card.evening_starts, tz)),
            ("evening", _at(day, card.evening_starts, tz), _at(day + timedelta(days=1), card.morning_starts, tz)),
        ]
        for name, a, b in bounds:
            overlap = min(b, end) - max(a, start)
            if overlap > timedelta(0):
                touched.append((day, name, overlap))
        day += timedelta(days=1)
    kept = [(d, n) for d, n, overlap in touched if overlap > grace]
    if not kept and touched:
        longest = max(touched, key=lambda t: t[2])
        kept = [(longest[0], longest[1])]
    return kept


def season_of(day: date, start_month: int) -> tuple[date, date]:
    """The season (e.g. August up to July) that holds ``day``: (first day, last day)."""
    year = day.year if day.month >= start_month else day.year - 1
    first = date(year, start_month, 1)
    last = date(year + 1, start_month, 1) - timedelta(days=1) if start_month > 1 else date(year, 12, 31)
    return first, last


def tier_for(card: Card, uses: int) -> Tier | None:
    found = None
    for tier in card.tiers:
        if uses > tier.more_than:
            found = tier
    return found


# --- Words --------------------------------------------------------------------------------------------


def part_words(parts: list[tuple[date, str]]) -> str:
    names = {"morning": _("morning"), "afternoon": _("afternoon"), "evening": _("evening")}
    unique = list(dict.fromkeys(name for _day, name in parts))
    if len(parts) == 1:
        return {
            "morning": _("Morning rate"),
            "afternoon": _("Afternoon rate"),
            "evening": _("Evening rate"),
        }[parts[0][1]]
    return _("Day parts: %(parts)s") % {"parts": ", ".join(str(names[n]) for n in unique)} + (
        f" (×{len(parts)})" if len(parts) != len(unique) else ""
    )


def percent_words(value: Decimal) -> str:
    return f"−{number(value)}%"


# --- The price ----------------------------------------------------------------------------------------


def price_occurrence(
    card: Card,
    *,
    start: datetime,
    end: datetime,
    tz: ZoneInfo | str,
    category: str,
    category_label: str,
    extras: tuple[str, ...] | list[str] = (),
    uses: int = 1,
    free_hours_left: Decimal = ZERO,
    room_label: str = "",
) -> OccurrencePrice:
    """The price of one booked date on ``card``. ``free_hours_left`` is what the organisation still has this
    year; the result says how many it uses. Nothing is written anywhere."""
    if end <= start:
        raise ValueError("end must be after start")
    tz = ZoneInfo(tz) if isinstance(tz, str) else tz
    terms = card.terms_for(category)
    minutes = billable_minutes(start, end, tz, clock_hours=card.clock_hours, step=card.rounding_minutes)
    hours = hours_of(minutes)
    tier = tier_for(card, uses)
    factor = (HUNDRED - tier.discount_percent) / HUNDRED if tier else Decimal(1)
    rule: list[str] = []

    if card.unit == "hour":
        unit, quantity = "hour", hours
        list_unit = cents(card.hour_price * factor)
        list_amount = cents(list_unit * minutes / 60)
        rule.append(_("%(hours)s hours × %(price)s") % {"hours": number(hours), "price": euro(list_unit)})
    elif card.unit == "day_part":
        parts = day_parts(start, end, tz, card)
        prices = {"morning": card.morning_price, "afternoon": card.afternoon_price, "evening": card.evening_price}
        unit, quantity = "day_part", Decimal(len(parts))
        list_amount = sum((cents(prices[name] * factor) for _day, name in parts), ZERO)
        list_unit = unit_price(list_amount / quantity)
        rule.append(part_words(parts))
    else:
        unit, quantity = "use", Decimal(1)
        list_unit = cents(card.use_price * factor)
        list_amount = list_unit
        rule.append(_("Price per use"))
    if tier:
        rule.append(
            _("volume tier more than %(n)s uses %(pct)s")
            % {"n": tier.more_than, "pct": percent_words(tier.discount_percent)}
        )
    tier_text = rule[-1] if tier else ""
    if card.day_cap is not None and unit != "use" and list_amount > card.day_cap:
        list_amount = cents(card.day_cap)
        rule.append(_("day price %(price)s") % {"price": euro(card.day_cap)})
    if list_amount < card.minimum_charge:
        list_amount = cents(card.minimum_charge)
        rule.append(_("minimum charge %(price)s") % {"price": euro(card.minimum_charge)})

    if terms.own_price is not None:
        own = terms.own_price * (Decimal(minutes) / 60 if unit == "hour" else quantity)
        applied = cents(own)
        if card.day_cap is not None and unit != "use":
            applied = min(applied, cents(card.day_cap))
        rule.append(
            _("%(category)s: own price %(price)s") % {"category": category_label, "price": euro(terms.own_price)}
        )
    elif terms.discount_percent > 0:
        applied = list_amount - percent_of(list_amount, terms.discount_percent)
        rule.append(f"{category_label} {percent_words(terms.discount_percent)}")
    else:
        applied = list_amount
        rule.append(_("%(category)s: list price") % {"category": category_label})

    free = ZERO
    if free_hours_left > 0 and applied > 0:
        free = min(hours, free_hours_left)
        applied = cents(applied * (hours - free) / hours)
        rule.append(_("%(hours)s free hours") % {"hours": number(free)})

    rent = PriceLine(
        code="rent",
        description=_("Room hire %(room)s") % {"room": room_label} if room_label else _("Room hire"),
        rule=", ".join(rule)[:300],
        unit=unit,
        quantity=quantity,
        hours=hours,
        list_unit_price=unit_price(list_amount / quantity) if quantity else list_unit,
        applied_unit_price=unit_price(applied / quantity) if quantity else ZERO,
        list_amount=list_amount,
        amount=applied,
        vat_category=card.vat_category,
        vat_rate=card.vat_rate,
        vat_exemption_code=card.vat_exemption_code,
        vat_exemption_reason=card.vat_exemption_reason,
        free_hours=free,
        tier=tier_text,
    )
    lines = [rent]
    notes = []
    wanted = [code for code, extra in card.extras.items() if extra.always]
    wanted += [code for code in extras if code not in wanted]
    for code in wanted:
        extra = card.extras.get(code)
        if extra is None:
            notes.append(_("%(extra)s is not offered on this date.") % {"extra": code})
            continue
        lines.append(_extra_line(extra, minutes=minutes, hours=hours, terms=terms, category_label=category_label))
    return OccurrencePrice(lines=tuple(lines), free_hours_used=free, card_id=card.id, notes=tuple(notes))


def _extra_line(extra: Extra, *, minutes: int, hours: Decimal, terms: CategoryTerms, category_label: str) -> PriceLine:
    if extra.unit == "hour":
        quantity, list_amount = hours, cents(extra.price * minutes / 60)
        rule = [_("%(hours)s hours × %(price)s") % {"hours": number(hours), "price": euro(extra.price)}]
    else:
        quantity, list_amount = Decimal(1), cents(extra.price)
        rule = [_("Price per use")]
    amount = list_amount
    if extra.discounted and terms.own_price is None and terms.discount_percent > 0:
        amount = list_amount - percent_of(list_amount, terms.discount_percent)
        rule.append(f"{category_label} {percent_words(terms.discount_percent)}")
    return PriceLine(
        code=extra.code,
        description=extra.name,
        rule=", ".join(rule),
        unit="hour" if extra.unit == "hour" else "use",
        quantity=quantity,
        hours=hours,
        list_unit_price=unit_price(extra.price),
        applied_unit_price=unit_price(amount / quantity),
        list_amount=list_amount,
        amount=amount,
        vat_category=extra.vat_category,
        vat_rate=extra.vat_rate,
        vat_exemption_code=extra.vat_exemption_code,
        vat_exemption_reason=extra.vat_exemption_reason,
    )


def cancellation_fee(line_amount: Decimal, *, percent: Decimal) -> Decimal:
    return percent_of(line_amount, percent)


def cost_covering_rate(
    *, yearly_costs: Decimal, net_area_m2: Decimal, open_hours: int, occupancy_percent: Decimal
) -> Decimal | None:
    """Cost-covering rent per m² per hour (billing.md §4): C_int / VVO / (open hours × occupancy target).
    Four decimal places (a per-m² unit rate). ``None`` when a figure is missing or zero."""
    if not yearly_costs or not net_area_m2 or not open_hours or not occupancy_percent:
        return None
    booked_hours = Decimal(open_hours) * occupancy_percent / HUNDRED
    return unit_price(yearly_costs / net_area_m2 / booked_hours)
