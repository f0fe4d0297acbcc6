"""API shapes for billing. Input schemas are explicit and bounded; unknown fields are refused. Money is a
decimal string in JSON ("32.00"), never a float."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = Annotated[str, StringConstraints(max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")]
Code = Annotated[str, StringConstraints(max_length=30, pattern=r"^[-a-zA-Z0-9_]+$")]
Money = Annotated[Decimal, Field(max_digits=10, decimal_places=2)]
Percent = Annotated[Decimal, Field(max_digits=5, decimal_places=2)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


def _local(value: time) -> time:
    if value.tzinfo is not None:  # an aware time cannot be compared with the house's local times
        raise ValueError("Give a local time without a time zone, for example 19:30.")
    return value


LocalTime = Annotated[time, AfterValidator(_local)]
Category = Literal["resident_initiative", "non_profit", "care_welfare", "municipal", "commercial", "private"]


class InputSchema(Schema):
    """Base of the input schemas (bodies and query filters). Text with a NUL character is refused for every
    operation by the API's parser (``buurtkracht/core/api_errors.py``), before any schema sees it."""


class Message(Schema):
    message: str


class Strict(InputSchema):
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid")


# --- Quotes -------------------------------------------------------------------------------------------


class QuoteQuery(Strict):
    house: Slug
    room: Id
    dates: list[date] = Field(min_length=1, max_length=500)
    start: LocalTime
    end: LocalTime
    organisation: Id | None = None
    extras: list[Code] = Field(default_factory=list, max_length=20)


class PriceLineOut(Schema):
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
    discount: Decimal
    free_hours: Decimal
    vat_category: str
    vat_rate: Decimal


class QuoteDateOut(Schema):
    date: date
    start: str
    end: str
    priced: bool
    list_total: Decimal | None
    total: Decimal | None
    lines: list[PriceLineOut]


class QuoteOut(Schema):
    house: str
    room: int
    category: str
    category_label: str
    dates: list[QuoteDateOut]
    list_total: Decimal
    total: Decimal
    discount: Decimal
    vat_total: Decimal
    gross_total: Decimal
    free_hours_before: Decimal
    free_hours_used: Decimal
    notes: list[str]


# --- Invoices -----------------------------------------------------------------------------------------


class InvoiceLineOut(Schema):
    id: int
    position: int
    date: date
    description: str
    rule: str
    category: str
    quantity: Decimal
    list_amount: Decimal
    net_amount: Decimal
    vat_category: str
    vat_rate: Decimal


class InvoiceOut(Schema):
    id: int
    kind: str
    status: str
    payment_status: str
    number: str
    house: str
    organisation_id: int | None
    buyer_name: str
    buyer_reference: str
    issue_date: date | None
    due_date: date | None
    period_start: date
    period_end: date
    credits_invoice: str | None
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal
    paid: Decimal
    outstanding: Decimal
    url: str


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut]


class InvoicePage(Schema):
    count: int
    results: list[InvoiceOut]


class InvoiceFilters(Strict):
    house: Slug | None = None
    status: Literal["draft", "issued", "open"] | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class PaymentIn(Strict):
    amount: Money
    paid_on: date
    reference: Annotated[str, StringConstraints(max_length=100)] = ""


class PaymentOut(Schema):
    id: int
    amount: Decimal
    paid_on: date
    reference: str


class CreditNoteIn(Strict):
    reason: Text
    line_ids: list[Id] | None = Field(None, max_length=2000)
    issue: bool = True


class InvoiceRunIn(Strict):
    period_start: date
    period_end: date
    issue: bool = True


# --- Rate cards ---------------------------------------------------------------------------------------


class CategoryRateIn(Strict):
    discount_percent: Percent = Decimal("0")
    own_price: Money | None = None
    free_hours_per_year: Annotated[Decimal, Field(max_digits=6, decimal_places=2)] = Decimal("0")
    deposit: Money = Decimal("0")


class RateCardIn(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    room: Id | None = None
    hire: Literal["any", "seasonal", "incidental"] = "any"
    valid_from: date
    valid_until: date | None = None
    unit: Literal["hour", "day_part", "use"] = "hour"
    hour_price: Money | None = None
    use_price: Money | None = None
    morning_price: Money | None = None
    afternoon_price: Money | None = None
    evening_price: Money | None = None
    morning_starts: LocalTime = time(8, 0)
    afternoon_starts: LocalTime = time(13, 0)
    evening_starts: LocalTime = time(18, 0)
    grace_minutes: int = Field(0, ge=0, le=240)
    rounding_minutes: int = Field(15, ge=1, le=60)
    clock_hours: bool = False
    minimum_charge: Money = Decimal("0")
    day_cap: Money | None = None
    vat_category: Literal["S", "E", "Z"] = "E"
    vat_rate: Percent = Decimal("0")
    vat_exemption_code: Annotated[str, StringConstraints(max_length=30)] = ""
    vat_exemption_reason: Annotated[str, StringConstraints(max_length=200)] | None = None
    categories: dict[Category, CategoryRateIn] = Field(default_factory=dict)


class CategoryRateOut(Schema):
    category: str
    discount_percent: Decimal
    own_price: Decimal | None
    free_hours_per_year: Decimal
    deposit: Decimal


class RateCardOut(Schema):
    id: int
    name: str
    room: int | None
    hire: str
    valid_from: date
    valid_until: date | None
    unit: str
    hour_price: Decimal | None
    use_price: Decimal | None
    morning_price: Decimal | None
    afternoon_price: Decimal | None
    evening_price: Decimal | None
    minimum_charge: Decimal
    day_cap: Decimal | None
    vat_category: str
    vat_rate: Decimal
    cost_covering_rate_m2: Decimal | None
    categories: list[CategoryRateOut]


# --- Revenue forgone ----------------------------------------------------------------------------------


class ForgoneQuery(Strict):
    start: date | None = None
    end: date | None = None


class ForgoneRowOut(Schema):
    key: dict
    label: str
    dates: int
    hours: Decimal
    list_total: Decimal
    charged: Decimal
    forgone: Decimal
    premium: Decimal
    result_at_list: Decimal


class ForgoneOut(Schema):
    start: date
    end: date
    group_by: list[str]
    rows: list[ForgoneRowOut]
    total: ForgoneRowOut
