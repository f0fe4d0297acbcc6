"""Billing details of sellers (houses) and buyers (organisations), and the network's category names.

They live in the billing app so the houses and organisations apps stay free of invoicing concerns. An
e-invoice (UBL, Peppol BIS Billing 3.0 / NLCIUS) needs most of these fields; the PDF needs fewer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtkracht.billing.categories import Category

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour like #1d5c8c."))


class VatCategory(models.TextChoices):
    """EN 16931 VAT category codes (UNCL5305) the platform uses."""

    STANDARD = "S", _("VAT charged")
    EXEMPT = "E", _("exempt from VAT")
    ZERO = "Z", _("zero rate")


class HouseBillingProfile(models.Model):
    """How a house invoices: who it is legally, where it gets paid, numbering, terms and style."""

    class Numbering(models.TextChoices):
        HOUSE = "house", _("one number series for this house")
        NETWORK = "network", _("one number series for the whole network")

    class Period(models.TextChoices):
        MONTH = "month", _("per month")
        SEASON = "season", _("per season")

    house = models.OneToOneField("houses.House", on_delete=models.CASCADE, related_name="billing_profile")
    legal_name = models.CharField(_("legal name"), max_length=150)
    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("place"), max_length=100)
    country = models.CharField(_("country"), max_length=2, default="NL")
    registration_number = models.CharField(
        _("chamber of commerce number (KvK) or enterprise number (KBO)"), max_length=20, blank=True
    )
    oin = models.CharField(_("government identification number (OIN)"), max_length=20, blank=True)
    vat_id = models.CharField(_("VAT number"), max_length=20, blank=True)
    tax_registration_id = models.CharField(
        _("tax registration number (RSIN or fiscal number)"),
        max_length=20,
        blank=True,
        help_text=_("Only needed when the house has no VAT number."),
    )
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    email = models.EmailField(_("e-mail address for invoices"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    numbering = models.CharField(_("invoice numbers"), max_length=10, choices=Numbering.choices, default="house")
    numbering_network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("network whose number series is used"),
    )
    number_prefix = models.CharField(
        _("invoice number prefix"),
        max_length=10,
        validators=[RegexValidator(r"^[A-Z0-9]{1,10}$", _("Use up to 10 capital letters or digits."))],
    )
    invoice_period = models.CharField(_("invoice"), max_length=10, choices=Period.choices, default="month")
    season_start_month = models.PositiveSmallIntegerField(
        _("month the season starts"), default=8, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay"), default=14, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    reminder_days = models.CharField(
        _("send reminders this many days after the due date"),
        max_length=30,
        default="7,21",
        validators=[RegexValidator(r"^\d{1,3}(,\d{1,3}){0,4}$", _("Enter days separated by commas, like 7,21."))],
    )
    cancellation_free_days = models.PositiveSmallIntegerField(_("free cancellation up to days before"), default=14)
    cancellation_percent = models.DecimalField(
        _("share charged for a later cancellation (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    accent_colour = models.CharField(
        _("colour on invoices"), max_length=7, default="#1d5c8c", validators=[colour_validator]
    )
    footer = models.CharField(_("text at the bottom of invoices"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("billing details of a house")
        verbose_name_plural = _("billing details of houses")
        constraints = [
            models.CheckConstraint(
                name="billing_houseprofile_network_numbering",
                condition=~Q(numbering="network") | Q(numbering_network__isnull=False),
            ),
            models.CheckConstraint(
                name="billing_houseprofile_cancel_percent_range",
                condition=Q(cancellation_percent__gte=0, cancellation_percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def reminder_schedule(self) -> list[int]:
        return sorted({int(d) for d in self.reminder_days.split(",") if d.strip()})


class OrganisationBillingProfile(models.Model):
    """Where and how an organisation receives invoices; public bodies need an e-invoice (UBL)."""

    class Scheme(models.TextChoices):
        KVK = "0106", _("Dutch chamber of commerce (KvK)")
        OIN = "0190", _("Dutch government identification number (OIN)")
        KBO = "0208", _("Belgian enterprise number (KBO)")

    class EInvoice(models.TextChoices):
        NONE = "", _("no e-invoice, PDF only")
        PEPPOL = "peppol", _("Peppol BIS Billing 3.0")
        NLCIUS = "nlcius", _("NLCIUS (SI-UBL 2.0)")

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="billing_profile"
    )
    legal_name = models.CharField(_("legal name"), max_length=150)
    street = models.CharField(_("street and number"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    invoice_email = models.EmailField(_("e-mail address for invoices"), blank=True)
    company_id = models.CharField(_("registration number"), max_length=20, blank=True)
    company_id_scheme = models.CharField(
        _("kind of registration number"), max_length=4, choices=Scheme.choices, default="0106"
    )
    vat_id = models.CharField(_("VAT number"), max_length=20, blank=True)
    buyer_reference = models.CharField(
        _("your reference on invoices"),
        max_length=100,
        blank=True,
        help_text=_("Public bodies give a reference that must be on every invoice."),
    )
    e_invoice = models.CharField(_("e-invoice"), max_length=10, choices=EInvoice.choices, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("billing details of an organisation")
        verbose_name_plural = _("billing details of organisations")

    def __str__(self) -> str:
        return self.legal_name


class CategoryLabel(models.Model):
    """The name a network gives a renter category (for example "Maatschappelijk" for associations)."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="billing_category_labels")
    category = models.CharField(_("renter category"), max_length=30, choices=Category.choices)
    label = models.CharField(_("name in this network"), max_length=80)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("name of a renter category")
        verbose_name_plural = _("names of renter categories")
        constraints = [
            models.UniqueConstraint(fields=["network", "category"], name="billing_categorylabel_unique"),
        ]

    def __str__(self) -> str:
        return self.label
