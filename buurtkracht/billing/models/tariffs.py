"""Rate cards and what hangs off them: category treatment, volume tiers, surcharges; free-hour allowances
and per-booking billing terms.

A ``RateCard`` holds the list prices of a house (or of one room, which then wins over the house card) from
``valid_from`` up to and including ``valid_until`` (open when empty), for seasonal hire, incidental hire or
both (``hire``). Cards with the same house, room and hire never overlap in time: the database refuses it
(PostgreSQL exclusion constraint, SQLite triggers; migration ``0002``) and the service says why. Once a
charge used a card it is never edited; a change is a new version (``services.tariffs.new_version``).
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from buurtkracht.billing.categories import Category
from buurtkracht.billing.models.profiles import VatCategory

MONEY = {"max_digits": 10, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}
DEFAULT_EXEMPTION = "Vrijgesteld van btw: verhuur van onroerende zaken (art. 11 lid 1 onder b Wet OB 1968)"


class RateCardQuerySet(models.QuerySet):
    def valid_on(self, day) -> RateCardQuerySet:
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


class RateCard(models.Model):
    class Unit(models.TextChoices):
        HOUR = "hour", _("per hour")
        DAY_PART = "day_part", _("per day part")
        USE = "use", _("per use")

    class Hire(models.TextChoices):
        ANY = "any", _("every booking")
        SEASONAL = "seasonal", _("seasonal hire (a repeating booking)")
        INCIDENTAL = "incidental", _("incidental hire (a single booking)")

    house = models.ForeignKey("houses.House", on_delete=models.CASCADE, related_name="rate_cards")
    room = models.ForeignKey(
        "houses.Room",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rate_cards",
        verbose_name=_("room (leave empty for every room)"),
    )
    name = models.CharField(_("name"), max_length=100)
    hire = models.CharField(_("applies to"), max_length=12, choices=Hire.choices, default=Hire.ANY)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid up to and including"), null=True, blank=True)
    unit = models.CharField(_("price"), max_length=10, choices=Unit.choices, default=Unit.HOUR)
    hour_price = models.DecimalField(_("price per hour"), null=True, blank=True, **MONEY)
    use_price = models.DecimalField(_("price per use"), null=True, blank=True, **MONEY)
    morning_price = models.DecimalField(_("morning price"), null=True, blank=True, **MONEY)
    afternoon_price = models.DecimalField(_("afternoon price"), null=True, blank=True, **MONEY)
    evening_price = models.DecimalField(_("evening price"), null=True, blank=True, **MONEY)
    morning_starts = models.TimeField(_("morning starts"), default=time(8, 0))
    afternoon_starts = models.TimeField(_("afternoon starts"), default=time(13, 0))
    evening_starts = models.TimeField(_("evening starts"), default=time(18, 0))
    grace_minutes = models.PositiveSmallIntegerField(
        _("grace (minutes)"),
        default=0,
        help_text=_("A day part touched for at most this many minutes is not charged."),
    )
    rounding_minutes = models.PositiveSmallIntegerField(
        _("round hours up to (minutes)"), default=15, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    clock_hours = models.BooleanField(
        _("count clock hours"),
        default=False,
        help_text=_("Count the hours on the clock, not the time that really passed (matters on DST nights)."),
    )
    minimum_charge = models.DecimalField(_("minimum charge"), default=Decimal("0"), **MONEY)
    day_cap = models.DecimalField(
        _("at most per day"), null=True, blank=True, help_text=_("A day never costs more than this."), **MONEY
    )
    vat_category = models.CharField(_("VAT"), max_length=1, choices=VatCategory.choices, default=VatCategory.EXEMPT)
    vat_rate = models.DecimalField(_("VAT rate (%)"), default=Decimal("0"), **PERCENT)
    vat_exemption_code = models.CharField(_("VAT exemption code"), max_length=30, blank=True)
    vat_exemption_reason = models.CharField(_("VAT exemption reason"), max_length=200, default=DEFAULT_EXEMPTION)
    # Cost-covering rent (billing.md §4): stored with the version so the list price can be explained.
    integral_yearly_costs = models.DecimalField(_("integral costs per year"), null=True, blank=True, **MONEY)
    net_lettable_area_m2 = models.DecimalField(
        _("net lettable floor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    open_hours_per_year = models.PositiveIntegerField(_("open hours per year"), null=True, blank=True)
    occupancy_target_percent = models.DecimalField(_("occupancy target (%)"), null=True, blank=True, **PERCENT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RateCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate card")
        verbose_name_plural = _("rate cards")
        ordering = ["house", "room", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                name="billing_ratecard_until_after_from",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
            ),
            models.CheckConstraint(
                name="billing_ratecard_prices_not_negative",
                condition=(
                    (Q(hour_price__isnull=True) | Q(hour_price__gte=0))
                    & (Q(use_price__isnull=True) | Q(use_price__gte=0))
                    & (Q(morning_price__isnull=True) | Q(morning_price__gte=0))
                    & (Q(afternoon_price__isnull=True) | Q(afternoon_price__gte=0))
                    & (Q(evening_price__isnull=True) | Q(evening_price__gte=0))
                    & Q(minimum_charge__gte=0)
                    & (Q(day_cap__isnull=True) | Q(day_cap__gt=0))
                ),
            ),
            models.CheckConstraint(
                name="billing_ratecard_unit_has_price",
                condition=(
                    Q(unit="hour", hour_price__isnull=False)
                    | Q(unit="use", use_price__isnull=False)
                    | Q(
                        unit="day_part",
                        morning_price__isnull=False,
                        afternoon_price__isnull=False,
                        evening_price__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                name="billing_ratecard_day_parts_in_order",
                condition=Q(morning_starts__lt=F("afternoon_starts"), afternoon_starts__lt=F("evening_starts")),
            ),
            models.CheckConstraint(
                name="billing_ratecard_vat_fits_category",
                condition=Q(vat_category="S", vat_rate__gt=0) | Q(~Q(vat_category="S"), vat_rate=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d-%m-%Y})"

    @property
    def list_price_text(self) -> str:
        from buurtkracht.billing.money import euro

        if self.unit == self.Unit.HOUR:
            return _("%(price)s per hour") % {"price": euro(self.hour_price)}
        if self.unit == self.Unit.USE:
            return _("%(price)s per use") % {"price": euro(self.use_price)}
        return _("morning %(m)s, afternoon %(a)s, evening %(e)s") % {
            "m": euro(self.morning_price),
            "a": euro(self.afternoon_price),
            "e": euro(self.evening_price),
        }


class CategoryRate(models.Model):
    """How one renter category pays on a card: a discount off list, or its own price per unit."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="category_rates")
    category = models.CharField(_("renter category"), max_length=30, choices=Category.choices)
    discount_percent = models.DecimalField(_("discount (%)"), default=Decimal("0"), **PERCENT)
    own_price = models.DecimalField(
        _("own price per unit"),
        null=True,
        blank=True,
        help_text=_("Instead of a discount: this price per hour, day part or use."),
        **MONEY,
    )
    free_hours_per_year = models.DecimalField(
        _("free hours per year"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    deposit = models.DecimalField(_("deposit"), default=Decimal("0"), **MONEY)

    class Meta:
        verbose_name = _("category price")
        verbose_name_plural = _("category prices")
        ordering = ["rate_card", "category"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "category"], name="billing_categoryrate_unique"),
            models.CheckConstraint(
                name="billing_categoryrate_not_negative",
                condition=Q(
                    discount_percent__gte=0, discount_percent__lte=100, free_hours_per_year__gte=0, deposit__gte=0
                )
                & (Q(own_price__isnull=True) | Q(own_price__gte=0)),
            ),
            models.CheckConstraint(
                name="billing_categoryrate_price_or_discount",
                condition=Q(own_price__isnull=True) | Q(discount_percent=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rate_card} {self.category}"


class VolumeTier(models.Model):
    """More than ``more_than`` uses in a season: the list unit price drops by ``discount_percent``."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="tiers")
    more_than = models.PositiveIntegerField(_("more than (uses per season)"), validators=[MinValueValidator(1)])
    discount_percent = models.DecimalField(_("lower price (%)"), **PERCENT)

    class Meta:
        verbose_name = _("volume tier")
        verbose_name_plural = _("volume tiers")
        ordering = ["rate_card", "more_than"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "more_than"], name="billing_volumetier_unique"),
            models.CheckConstraint(
                name="billing_volumetier_range",
                condition=Q(more_than__gte=1, discount_percent__gt=0, discount_percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"> {self.more_than}: -{self.discount_percent}%"


class Surcharge(models.Model):
    """An extra with its own price and VAT: kitchen, bar, cleaning, beamer, …"""

    class Unit(models.TextChoices):
        USE = "use", _("per use")
        HOUR = "hour", _("per hour")

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="surcharges")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=80)
    unit = models.CharField(_("price"), max_length=5, choices=Unit.choices, default=Unit.USE)
    price = models.DecimalField(_("price"), **MONEY)
    always = models.BooleanField(_("charged on every booking"), default=False)
    discounted = models.BooleanField(_("category discount applies"), default=False)
    vat_category = models.CharField(_("VAT"), max_length=1, choices=VatCategory.choices, default=VatCategory.STANDARD)
    vat_rate = models.DecimalField(_("VAT rate (%)"), default=Decimal("21"), **PERCENT)
    vat_exemption_code = models.CharField(_("VAT exemption code"), max_length=30, blank=True)
    vat_exemption_reason = models.CharField(_("VAT exemption reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("surcharge")
        verbose_name_plural = _("surcharges")
        ordering = ["rate_card", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "code"], name="billing_surcharge_unique"),
            models.CheckConstraint(name="billing_surcharge_price_not_negative", condition=Q(price__gte=0)),
            models.CheckConstraint(
                name="billing_surcharge_vat_fits_category",
                condition=Q(vat_category="S", vat_rate__gt=0) | Q(~Q(vat_category="S"), vat_rate=0),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SeriesTerms(models.Model):
    """Billing choices for one booking: extras, a category override with its reason, the buyer's reference."""

    series = models.OneToOneField("bookings.BookingSeries", on_delete=models.CASCADE, related_name="billing_terms")
    extras = models.JSONField(_("extras"), default=list, blank=True)
    category_override = models.CharField(
        _("renter category for this booking"), max_length=30, choices=Category.choices, blank=True
    )
    override_reason = models.CharField(_("reason for the other category"), max_length=200, blank=True)
    buyer_reference = models.CharField(_("reference of the renter"), max_length=100, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("billing terms of a booking")
        verbose_name_plural = _("billing terms of bookings")
        constraints = [
            models.CheckConstraint(
                name="billing_seriesterms_override_has_reason",
                condition=Q(category_override="") | ~Q(override_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series_id}"


class Allowance(models.Model):
    """Free hours an organisation has at a house in a calendar year, and how many it used."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    house = models.ForeignKey("houses.House", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    hours = models.DecimalField(_("free hours"), max_digits=6, decimal_places=2)
    used = models.DecimalField(_("used"), max_digits=6, decimal_places=2, default=Decimal("0"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("free hours")
        verbose_name_plural = _("free hours")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "house", "year"], name="billing_allowance_unique"),
            models.CheckConstraint(
                name="billing_allowance_used_within", condition=Q(used__gte=0, hours__gte=F("used"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}@{self.house_id} {self.year}: {self.used}/{self.hours}"

    @property
    def remaining(self) -> Decimal:
        return self.hours - self.used
