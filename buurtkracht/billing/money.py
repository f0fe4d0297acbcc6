"""Money in euro as ``Decimal``: amounts to the cent, half up; unit prices may carry four places."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
UNIT = Decimal("0.0001")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def to_decimal(value) -> Decimal:
    """A Decimal from a Decimal, int or string. Floats are refused: they do not hold cents exactly."""
    if isinstance(value, float):
        raise TypeError("Money must not be a float.")
    return value if isinstance(value, Decimal) else Decimal(str(value))


def cents(value) -> Decimal:
    """Round to the cent, half up (2.345 → 2.35, −2.345 → −2.35)."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def unit_price(value) -> Decimal:
    return to_decimal(value).quantize(UNIT, rounding=ROUND_HALF_UP)


def percent_of(amount, percent) -> Decimal:
    """``percent`` % of ``amount``, rounded to the cent."""
    return cents(to_decimal(amount) * to_decimal(percent) / HUNDRED)


def euro(value, *, sign: bool = False) -> str:
    """€ 1.234,50 in Dutch notation (used in texts frozen onto charges and in documents)."""
    amount = cents(value)
    negative = amount < 0
    whole, frac = f"{abs(amount):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = f"€ {'.'.join(groups)},{frac}"
    if negative:
        return f"−{text}"
    return f"+{text}" if sign and amount > 0 else text


def number(value, places: int = 2) -> str:
    """A decimal number with a decimal comma, trailing zeros dropped after the point (2,5 / 3 / 1,25)."""
    text = f"{to_decimal(value):.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if text else "0"
