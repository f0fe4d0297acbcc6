"""Charges: the price of one booked date, frozen when the date is confirmed (billing.md §0 principle 2).

One active ``ChargeLine`` per (occurrence, code): ``rent`` for the room, the surcharge code for an extra, and
``cancellation`` for a late-cancellation fee. Each line carries everything the invoice and the reports
need (list and applied price, the rule that made it, category, VAT), so tariff changes never rewrite it.
Revenue forgone F comes from these fields alone.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from buurtkracht.billing.categories import Category
from buurtkracht.billing.models.profiles import VatCategory

MONEY = {"max_digits": 12, "decimal_places": 2}
UNIT_PRICE = {"max_digits": 14, "decimal_places": 4}
RENT = "rent"
CANCELLATION = "cancellation"


class ChargeLineQuerySet(models.QuerySet):
    def billable(self) -> ChargeLineQuerySet:
        return self.filter(status=ChargeLine.Status.ACTIVE)

    def uninvoiced(self) -> ChargeLineQuerySet:
        return self.billable().filter(invoice__isnull=True)


class ChargeLine(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("to be paid")
        VOID = "void", _("cancelled, not charged")

    class Unit(models.TextChoices):
        HOUR = "hour", _("hours")
        DAY_PART = "day_part", _("day parts")
        USE = "use", _("uses")

    occurrence = models.ForeignKey(
        "bookings.Occurrence", null=True, blank=True, on_delete=models.SET_NULL, related_name="charges"
    )
    series = models.ForeignKey(
        "bookings.BookingSeries", null=True, blank=True, on_delete=models.SET_NULL, related_name="charges"
    )
    # house and organisation are served by the (…, local_date) indexes below; room is never searched on.
    house = models.ForeignKey("houses.House", on_delete=models.PROTECT, related_name="charges", db_index=False)
    room = models.ForeignKey(
        "houses.Room", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charges",
        db_index=False,
    )
    rate_card = models.ForeignKey(
        "billing.RateCard", null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    local_date = models.DateField(_("date"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    code = models.CharField(_("code"), max_length=30)
    description = models.CharField(_("description"), max_length=200)
    rule = models.CharField(_("how the price was made"), max_length=300)
    category = models.CharField(_("renter category"), max_length=30, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    list_unit_price = models.DecimalField(_("list price per unit"), **UNIT_PRICE)
    applied_unit_price = models.DecimalField(_("price per unit"), **UNIT_PRICE)
    list_amount = models.DecimalField(_("list price"), **MONEY)
    amount = models.DecimalField(_("price"), **MONEY)
    free_hours = models.DecimalField(_("free hours used"), max_digits=6, decimal_places=2, default=Decimal("0"))
    tier = models.CharField(_("volume tier"), max_length=100, blank=True)
    vat_category = models.CharField(_("VAT"), max_length=1, choices=VatCategory.choices)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat_exemption_code = models.CharField(max_length=30, blank=True)
    vat_exemption_reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    invoice = models.ForeignKey(
        "billing.Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="charges"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChargeLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["local_date", "start", "pk"]
        indexes = [
            models.Index(fields=["house", "local_date"], name="billing_charge_house_date"),
            models.Index(fields=["organisation", "local_date"], name="billing_charge_org_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "code"], condition=Q(status="active"), name="billing_chargeline_unique_code"
            ),
            models.CheckConstraint(
                name="billing_chargeline_not_negative",
                condition=Q(list_amount__gte=0, amount__gte=0, quantity__gte=0, hours__gte=0, free_hours__gte=0),
            ),
            models.CheckConstraint(name="billing_chargeline_end_after_start", condition=Q(end__gt=F("start"))),
        ]

    def __str__(self) -> str:
        return f"{self.local_date} {self.description}"

    @property
    def discount(self) -> Decimal:
        return self.list_amount - self.amount


class Deposit(models.Model):
    """A deposit (waarborgsom) for a booking. A liability, not income: requested, received, then refunded or
    (partly) retained with a reason."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        RECEIVED = "received", _("received")
        SETTLED = "settled", _("settled")

    house = models.ForeignKey("houses.House", on_delete=models.PROTECT, related_name="deposits")
    series = models.OneToOneField(
        "bookings.BookingSeries", null=True, blank=True, on_delete=models.SET_NULL, related_name="deposit"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    refunded = models.DecimalField(_("refunded"), default=Decimal("0"), **MONEY)
    retained = models.DecimalField(_("retained"), default=Decimal("0"), **MONEY)
    reason = models.CharField(_("reason for retaining"), max_length=300, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="billing_deposit_amounts",
                condition=Q(amount__gt=0, refunded__gte=0, retained__gte=0)
                & Q(amount__gte=F("refunded") + F("retained")),
            ),
            models.CheckConstraint(name="billing_deposit_retained_has_reason", condition=Q(retained=0) | ~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.house_id} {self.amount}"
