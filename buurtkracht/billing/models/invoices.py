"""Invoices, credit notes, their lines, number series, payments and reminders.

Issued documents never change (billing.md §14.4): services refuse it and the database refuses it too
(triggers from migration ``0002``: any UPDATE or DELETE of an issued invoice, and any INSERT, UPDATE or
DELETE of a line of an issued invoice, aborts). Corrections are credit notes, whose amounts are stored
negative, so an invoice and its full credit note add up to zero. Payments and reminders are separate rows,
so paying never touches the frozen invoice.

Numbers are gap-free per seller and year: ``InvoiceCounter`` is locked (``select_for_update`` on
PostgreSQL, compare-and-set inside an IMMEDIATE transaction on SQLite) in the same transaction that issues
the invoice, so a rolled-back issue takes no number.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from buurtkracht.billing.models.profiles import VatCategory

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")
HALF_CENT = models.Value(Decimal("0.004"))


class InvoiceCounter(models.Model):
    """The last number given in one series: ``scope`` is ``house:<id>`` or ``network:<id>``."""

    scope = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    prefix = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="billing_counter_unique_scope")]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last_number}"


class InvoiceQuerySet(models.QuerySet):
    def issued(self) -> InvoiceQuerySet:
        return self.filter(status=Invoice.Status.ISSUED)

    def visible_to(self, user) -> InvoiceQuerySet:
        """Invoices of houses the person keeps the books for (house editors, platform admins), and the issued
        invoices of organisations the person is a contact of."""
        from buurtkracht.accounts.permissions import access_for
        from buurtkracht.accounts.roles import HOUSE_EDITORS, ORGANISATION_EDITORS
        from buurtkracht.houses.models import House

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        access = access_for(user)
        houses = House.objects.filter(access.house_q(HOUSE_EDITORS)).values("pk")
        organisations = list(access.organisation_ids(ORGANISATION_EDITORS))
        return self.filter(Q(house__in=houses) | Q(organisation_id__in=organisations, status=Invoice.Status.ISSUED))

    def still_to_pay(self) -> InvoiceQuerySet:
        """Issued invoices with more than half a cent open (SQLite sums decimals as floating point numbers)."""
        qs = self if "outstanding" in self.query.annotations else self.with_balance()
        return qs.filter(status="issued", kind="invoice", outstanding__gt=HALF_CENT)

    def with_balance(self) -> InvoiceQuerySet:
        """Annotate ``paid`` (payments) and ``credited`` (issued credit notes, negative) per invoice."""
        paid = Payment.objects.filter(invoice=models.OuterRef("pk")).values("invoice").annotate(s=Sum("amount"))
        credited = (
            Invoice.objects.filter(credited_invoice=models.OuterRef("pk"), status=Invoice.Status.ISSUED)
            .values("credited_invoice")
            .annotate(s=Sum("gross_total"))
        )
        return self.annotate(
            paid=Coalesce(models.Subquery(paid.values("s")), ZERO, output_field=models.DecimalField()),
            credited=Coalesce(models.Subquery(credited.values("s")), ZERO, output_field=models.DecimalField()),
        ).annotate(outstanding=F("gross_total") + F("credited") - F("paid"))


class Invoice(models.Model):
    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT_NOTE = "credit_note", _("credit note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    house = models.ForeignKey("houses.House", on_delete=models.PROTECT, related_name="invoices")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    series = models.ForeignKey(
        "bookings.BookingSeries", null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    credited_invoice = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    counter = models.ForeignKey(InvoiceCounter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(_("number"), max_length=30, blank=True)
    issue_date = models.DateField(_("invoice date"), null=True, blank=True)
    due_date = models.DateField(_("pay before"), null=True, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period up to and including"))
    seller = models.JSONField(_("seller"), default=dict)
    buyer = models.JSONField(_("buyer"), default=dict)
    buyer_reference = models.CharField(_("reference of the renter"), max_length=100, blank=True)
    e_invoice = models.CharField(_("e-invoice"), max_length=10, blank=True)
    note = models.TextField(_("note"), blank=True)
    language = models.CharField(max_length=5, default="nl")
    net_total = models.DecimalField(_("total excluding VAT"), default=ZERO, **MONEY)
    vat_total = models.DecimalField(_("VAT"), default=ZERO, **MONEY)
    gross_total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-sequence", "-pk"]
        indexes = [
            models.Index(fields=["house", "status", "issue_date"], name="billing_invoice_house_issued"),
            models.Index(fields=["organisation", "status"], name="billing_invoice_org_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["counter", "sequence"],
                condition=Q(sequence__isnull=False),
                name="billing_invoice_unique_number",
            ),
            models.CheckConstraint(
                name="billing_invoice_issued_has_number",
                condition=Q(status="draft")
                | Q(sequence__isnull=False, issue_date__isnull=False, due_date__isnull=False) & ~Q(number=""),
            ),
            models.CheckConstraint(
                name="billing_invoice_credit_note_refers",
                condition=Q(kind="invoice", credited_invoice__isnull=True)
                | Q(kind="credit_note", credited_invoice__isnull=False),
            ),
            models.CheckConstraint(
                name="billing_invoice_sign",
                condition=Q(kind="invoice", gross_total__gte=0, net_total__gte=0)
                | Q(kind="credit_note", gross_total__lte=0, net_total__lte=0),
            ),
            models.CheckConstraint(
                # A tolerance below a cent, because SQLite compares decimals as floating point numbers.
                name="billing_invoice_totals_add_up",
                condition=Q(gross_total__gte=F("net_total") + F("vat_total") - HALF_CENT)
                & Q(gross_total__lte=F("net_total") + F("vat_total") + HALF_CENT),
            ),
            models.CheckConstraint(name="billing_invoice_period_order", condition=Q(period_end__gte=F("period_start"))),
        ]

    def __str__(self) -> str:
        return self.number or str(_("draft %(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("billing:invoice_detail", kwargs={"pk": self.pk})

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    charge = models.ForeignKey(
        "billing.ChargeLine", null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_lines"
    )
    credits_line = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credited_by"
    )
    service_date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200)
    rule = models.CharField(_("how the price was made"), max_length=300, blank=True)
    category = models.CharField(_("renter category"), max_length=30, blank=True)
    room_name = models.CharField(_("room"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=10)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, default=ZERO)
    list_amount = models.DecimalField(_("list price"), **MONEY)
    net_amount = models.DecimalField(_("amount"), **MONEY)
    vat_category = models.CharField(_("VAT"), max_length=1, choices=VatCategory.choices)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat_exemption_code = models.CharField(max_length=30, blank=True)
    vat_exemption_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="billing_invoiceline_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"


class Payment(models.Model):
    """Money received for an invoice (or paid back: a negative amount)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(name="billing_payment_not_zero", condition=~Q(amount=0))]

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.amount}"


class Reminder(models.Model):
    """A payment reminder that was sent; one per invoice and step of the house's schedule."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    level = models.PositiveSmallIntegerField()
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invoice", "level"]
        constraints = [models.UniqueConstraint(fields=["invoice", "level"], name="billing_reminder_unique_level")]

    def __str__(self) -> str:
        return f"{self.invoice_id} #{self.level}"
