"""Rate cards and what hangs off them. A card that a charge already used is never edited: make a new
version with :func:`new_version` (it closes the old card the day before the new one starts)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtkracht.billing.categories import Category
from buurtkracht.billing.models import Allowance, CategoryRate, ChargeLine, RateCard, SeriesTerms, Surcharge, VolumeTier
from buurtkracht.billing.pricing import Card
from buurtkracht.core.audit import log_action

CARD_FIELDS = {
    "room", "name", "hire", "valid_from", "valid_until", "unit", "hour_price", "use_price", "morning_price",
    "afternoon_price", "evening_price", "morning_starts", "afternoon_starts", "evening_starts", "grace_minutes",
    "rounding_minutes", "clock_hours", "minimum_charge", "day_cap", "vat_category", "vat_rate",
    "vat_exemption_code", "vat_exemption_reason", "integral_yearly_costs", "net_lettable_area_m2",
    "open_hours_per_year", "occupancy_target_percent",
}  # fmt: skip
PRICE_FIELDS = ("hour_price", "use_price", "morning_price", "afternoon_price", "evening_price", "minimum_charge",
                "day_cap", "integral_yearly_costs")  # fmt: skip
UNIT_FIELDS = {"hour": ("hour_price",), "use": ("use_price",),
               "day_part": ("morning_price", "afternoon_price", "evening_price")}  # fmt: skip


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def check_vat(errors: dict, *, category: str, rate, prefix: str = "") -> None:
    if rate is None or rate < 0 or rate > 100:
        _add(errors, f"{prefix}vat_rate", _("Enter a VAT rate between 0 and 100 %."))
    elif category == "S" and rate == 0:
        _add(errors, f"{prefix}vat_rate", _("VAT is charged, so enter the rate (for example 21 or 9)."))
    elif category != "S" and rate != 0:
        _add(errors, f"{prefix}vat_rate", _("Exempt and zero-rate lines have a VAT rate of 0 %."))


def overlapping_cards(card: RateCard):
    """Cards of the same house, room and kind of hire whose validity overlaps this card's."""
    qs = RateCard.objects.filter(house_id=card.house_id, hire=card.hire).exclude(pk=card.pk)
    qs = qs.filter(room__isnull=True) if card.room_id is None else qs.filter(room_id=card.room_id)
    qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=card.valid_from))
    if card.valid_until is not None:
        qs = qs.filter(valid_from__lte=card.valid_until)
    return qs


def validate_card(card: RateCard) -> None:
    errors: dict[str, list[str]] = {}
    if not (card.name or "").strip():
        _add(errors, "name", _("Give the rate card a name, for example “Tarieven 2026”."))
    for name in PRICE_FIELDS:
        value = getattr(card, name)
        if value is not None and value < 0:
            _add(errors, name, _("A price cannot be negative."))
    if card.day_cap is not None and card.day_cap == 0:
        _add(errors, "day_cap", _("Leave the day price empty, or enter an amount above zero."))
    for name in UNIT_FIELDS.get(card.unit, ()):
        if getattr(card, name) is None:
            _add(errors, name, _("Enter this price: the card charges %(unit)s.") % {"unit": card.get_unit_display()})
    if card.unit not in UNIT_FIELDS:
        _add(errors, "unit", _("Choose how the room is charged."))
    if card.valid_from is None:
        _add(errors, "valid_from", _("Enter the date the rate card starts."))
    elif card.valid_until is not None and card.valid_until < card.valid_from:
        _add(errors, "valid_until", _("The end date must be on or after the start date."))
    if not (card.morning_starts < card.afternoon_starts < card.evening_starts):
        _add(
            errors,
            "afternoon_starts",
            _("The morning must start before the afternoon, and the afternoon before the evening."),
        )
    if card.room_id is not None and card.room.house_id != card.house_id:
        _add(errors, "room", _("This room does not belong to this house."))
    check_vat(errors, category=card.vat_category, rate=card.vat_rate)
    if card.vat_category == "E" and not (card.vat_exemption_reason or card.vat_exemption_code):
        _add(errors, "vat_exemption_reason", _("Say why the room hire is exempt from VAT."))
    if card.occupancy_target_percent is not None and not 0 < card.occupancy_target_percent <= 100:
        _add(errors, "occupancy_target_percent", _("Enter an occupancy target between 1 and 100 %."))
    if card.net_lettable_area_m2 is not None and card.net_lettable_area_m2 <= 0:
        _add(errors, "net_lettable_area_m2", _("The floor area must be more than 0 m²."))
    if not errors and card.valid_from is not None:
        other = overlapping_cards(card).order_by("valid_from").first()
        if other is not None:
            _add(errors, "valid_from", _overlap_message(other))
    if errors:
        raise ValidationError(errors)


def _overlap_message(other: RateCard) -> str:
    if other.valid_until is None:
        return _(
            "The rate card “%(name)s” already applies from %(start)s with no end date. Start this card later, "
            "or make a new version of that card."
        ) % {"name": other.name, "start": _day(other.valid_from)}
    return _(
        "The rate card “%(name)s” already applies from %(start)s up to and including %(end)s. Choose dates that "
        "do not overlap."
    ) % {"name": other.name, "start": _day(other.valid_from), "end": _day(other.valid_until)}


def _save_card(card: RateCard) -> None:
    validate_card(card)
    card.full_clean(exclude=["created_by", "house"], validate_constraints=False)
    try:
        with transaction.atomic():
            card.save()
    except IntegrityError as exc:
        if "overlap" in str(exc) or "billing_ratecard" in str(exc):
            raise ValidationError({"valid_from": [_("Another rate card already applies in this period.")]}) from exc
        raise


@transaction.atomic
def create_rate_card(*, actor, house, categories: dict | None = None, **fields) -> RateCard:
    """Add a rate card; ``categories`` maps a category code to {discount_percent, own_price,
    free_hours_per_year, deposit}."""
    unknown = set(fields) - CARD_FIELDS
    if unknown:
        raise TypeError(f"Unknown rate card fields: {sorted(unknown)}")
    card = RateCard(house=house, created_by=actor, **fields)
    _save_card(card)
    for category, values in (categories or {}).items():
        set_category_rate(card, category=category, actor=None, _audit=False, **values)
    log_action(actor, "billing.rate_card.created", card, house_id=house.pk, data={"valid_from": card.valid_from})
    return card


def is_used(card: RateCard) -> bool:
    return ChargeLine.objects.filter(rate_card=card).exists()


def _refuse_if_used(card: RateCard) -> None:
    if is_used(card):
        raise ValidationError(
            _("This rate card was already used for charges, so it cannot change. Make a new version instead.")
        )


@transaction.atomic
def update_rate_card(card: RateCard, *, actor, **changes) -> RateCard:
    unknown = set(changes) - CARD_FIELDS
    if unknown:
        raise TypeError(f"Unknown rate card fields: {sorted(unknown)}")
    only_end = set(changes) <= {"valid_until", "name"}
    if not only_end:
        _refuse_if_used(card)
    elif "valid_until" in changes and changes["valid_until"] is not None:
        last = ChargeLine.objects.filter(rate_card=card).order_by("-local_date").values_list("local_date", flat=True)
        if last and last[0] > changes["valid_until"]:
            raise ValidationError(
                {"valid_until": [_("Charges after this date already use this card. Choose a later end date.")]}
            )
    for name, value in changes.items():
        setattr(card, name, value)
    _save_card(card)
    log_action(actor, "billing.rate_card.changed", card, house_id=card.house_id, data={"fields": sorted(changes)})
    return card


@transaction.atomic
def delete_rate_card(card: RateCard, *, actor) -> None:
    _refuse_if_used(card)
    log_action(actor, "billing.rate_card.deleted", card, house_id=card.house_id)
    card.delete()


@transaction.atomic
def new_version(card: RateCard, *, actor, valid_from: date, **changes) -> RateCard:
    """Copy ``card`` with its category prices, tiers and surcharges to a new card from ``valid_from`` and end
    the old card the day before. ``changes`` apply to the new card."""
    if valid_from is None or valid_from <= card.valid_from:
        raise ValidationError(
            {"valid_from": [_("The new version must start after %(date)s.") % {"date": _day(card.valid_from)}]}
        )
    if card.valid_until is None or card.valid_until >= valid_from:
        last_used = ChargeLine.objects.filter(rate_card=card, local_date__gte=valid_from).exists()
        if last_used:
            raise ValidationError(
                {"valid_from": [_("Charges on or after this date already use the current card. Choose a later date.")]}
            )
        RateCard.objects.filter(pk=card.pk).update(valid_until=valid_from - timedelta(days=1))
    values = {name: getattr(card, name) for name in CARD_FIELDS if name not in ("valid_from", "valid_until")}
    values["valid_until"] = None
    values.update(changes)
    new = RateCard(house_id=card.house_id, created_by=actor, valid_from=valid_from, **values)
    _save_card(new)
    CategoryRate.objects.bulk_create(
        [CategoryRate(rate_card=new, category=r.category, discount_percent=r.discount_percent, own_price=r.own_price,
                      free_hours_per_year=r.free_hours_per_year, deposit=r.deposit) for r in card.category_rates.all()]
    )  # fmt: skip
    VolumeTier.objects.bulk_create(
        [
            VolumeTier(rate_card=new, more_than=t.more_than, discount_percent=t.discount_percent)
            for t in card.tiers.all()
        ]
    )
    Surcharge.objects.bulk_create(
        [Surcharge(rate_card=new, code=s.code, name=s.name, unit=s.unit, price=s.price, always=s.always,
                   discounted=s.discounted, vat_category=s.vat_category, vat_rate=s.vat_rate,
                   vat_exemption_code=s.vat_exemption_code, vat_exemption_reason=s.vat_exemption_reason)
         for s in card.surcharges.all()]
    )  # fmt: skip
    log_action(actor, "billing.rate_card.versioned", new, house_id=card.house_id, data={"from_card": card.pk})
    return new


def _decimal(value, default=Decimal("0")) -> Decimal | None:
    if value is None or value == "":
        return default
    return Decimal(str(value))


@transaction.atomic
def set_category_rate(
    card: RateCard, *, category: str, actor, discount_percent=0, own_price=None, free_hours_per_year=0, deposit=0,
    _audit: bool = True,
) -> CategoryRate:  # fmt: skip
    if _audit:
        _refuse_if_used(card)
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        _add(errors, "category", _("Choose a renter category."))
    discount, own = _decimal(discount_percent), _decimal(own_price, None)
    free, dep = _decimal(free_hours_per_year), _decimal(deposit)
    if discount < 0 or discount > 100:
        _add(errors, "discount_percent", _("Enter a discount between 0 and 100 %."))
    if own is not None and own < 0:
        _add(errors, "own_price", _("A price cannot be negative."))
    if own is not None and discount:
        _add(errors, "own_price", _("Give either a discount or an own price, not both."))
    if free < 0:
        _add(errors, "free_hours_per_year", _("The number of free hours cannot be negative."))
    if dep < 0:
        _add(errors, "deposit", _("A deposit cannot be negative."))
    if errors:
        raise ValidationError(errors)
    rate, _created = CategoryRate.objects.update_or_create(
        rate_card=card, category=category,
        defaults={"discount_percent": discount, "own_price": own, "free_hours_per_year": free, "deposit": dep},
    )  # fmt: skip
    if _audit:
        log_action(actor, "billing.rate_card.changed", card, house_id=card.house_id, data={"category": category})
    return rate


@transaction.atomic
def add_tier(card: RateCard, *, actor, more_than: int, discount_percent) -> VolumeTier:
    _refuse_if_used(card)
    errors: dict[str, list[str]] = {}
    pct = _decimal(discount_percent)
    if more_than is None or int(more_than) < 1:
        _add(errors, "more_than", _("Enter a number of uses of 1 or more."))
    if not 0 < pct <= 100:
        _add(errors, "discount_percent", _("Enter a lower price between 1 and 100 %."))
    if not errors and card.tiers.filter(more_than=more_than).exists():
        _add(errors, "more_than", _("There is already a tier for this number of uses."))
    if errors:
        raise ValidationError(errors)
    tier = VolumeTier.objects.create(rate_card=card, more_than=int(more_than), discount_percent=pct)
    log_action(actor, "billing.rate_card.changed", card, house_id=card.house_id, data={"tier": more_than})
    return tier


@transaction.atomic
def add_surcharge(card: RateCard, *, actor, code: str, name: str, price, unit: str = "use", always: bool = False,
                  discounted: bool = False, vat_category: str = "S", vat_rate=Decimal("21"),
                  vat_exemption_code: str = "", vat_exemption_reason: str = "") -> Surcharge:  # fmt: skip
    _refuse_if_used(card)
    errors: dict[str, list[str]] = {}
    amount = _decimal(price, None)
    if amount is None:
        _add(errors, "price", _("Enter a price."))
    elif amount < 0:
        _add(errors, "price", _("A price cannot be negative."))
    if not (name or "").strip():
        _add(errors, "name", _("Give the extra a name, for example “Keuken”."))
    check_vat(errors, category=vat_category, rate=_decimal(vat_rate))
    if vat_category == "E" and not (vat_exemption_reason or vat_exemption_code):
        _add(errors, "vat_exemption_reason", _("Say why this extra is exempt from VAT."))
    if not errors and card.surcharges.filter(code=code).exists():
        _add(errors, "code", _("This card already has an extra with this code."))
    if errors:
        raise ValidationError(errors)
    surcharge = Surcharge(
        rate_card=card, code=code, name=name.strip(), price=amount, unit=unit, always=always, discounted=discounted,
        vat_category=vat_category, vat_rate=_decimal(vat_rate), vat_exemption_code=vat_exemption_code,
        vat_exemption_reason=vat_exemption_reason,
    )  # fmt: skip
    surcharge.full_clean(exclude=["rate_card"], validate_constraints=False)
    surcharge.save()
    log_action(actor, "billing.rate_card.changed", card, house_id=card.house_id, data={"surcharge": code})
    return surcharge


@transaction.atomic
def set_series_terms(series, *, actor, extras=None, category_override: str = "", override_reason: str = "",
                     buyer_reference: str = "") -> SeriesTerms:  # fmt: skip
    """Extras, a different renter category (with a reason) and the renter's reference for one booking. Affects
    dates priced from now on; charges already made keep their price."""
    errors: dict[str, list[str]] = {}
    if category_override and category_override not in Category.values:
        _add(errors, "category_override", _("Choose a renter category."))
    if category_override and not override_reason.strip():
        _add(errors, "override_reason", _("Say why this booking pays another category."))
    if errors:
        raise ValidationError(errors)
    terms, _created = SeriesTerms.objects.update_or_create(
        series=series,
        defaults={"extras": sorted(set(extras or [])), "category_override": category_override,
                  "override_reason": override_reason.strip(), "buyer_reference": buyer_reference.strip(),
                  "changed_by": actor},
    )  # fmt: skip
    log_action(actor, "billing.series_terms.changed", series, house_id=series.house_id,
               organisation_id=series.organisation_id,
               data={"extras": terms.extras, "category": category_override})  # fmt: skip
    return terms


@transaction.atomic
def set_allowance(*, actor, organisation, house, year: int, hours, reason: str) -> Allowance:
    """Grant an organisation a number of free hours at a house for a year, with who granted it and why."""
    hours = _decimal(hours)
    errors: dict[str, list[str]] = {}
    if hours < 0:
        _add(errors, "hours", _("The number of free hours cannot be negative."))
    if not (reason or "").strip():
        _add(errors, "reason", _("Say why the organisation gets these free hours."))
    allowance = Allowance.objects.select_for_update().filter(organisation=organisation, house=house, year=year).first()
    if not errors and allowance is not None and hours < allowance.used:
        _add(errors, "hours", _("%(used)s free hours were already used this year; enter at least that many.")
             % {"used": allowance.used})  # fmt: skip
    if errors:
        raise ValidationError(errors)
    if allowance is None:
        allowance = Allowance(organisation=organisation, house=house, year=year)
    allowance.hours, allowance.reason, allowance.granted_by = hours, reason.strip(), actor
    allowance.save()
    log_action(actor, "billing.allowance.changed", organisation, house_id=house.pk, organisation_id=organisation.pk,
               data={"year": year, "hours": hours})  # fmt: skip
    return allowance


# --- Finding the card for a date ----------------------------------------------------------------------


class CardBook:
    """Every rate card of one house, loaded once, with the lookup the pricing uses."""

    def __init__(self, house) -> None:
        self.house = house
        self.cards = list(
            RateCard.objects.filter(house=house).prefetch_related(
                "category_rates", "tiers", Prefetch("surcharges", queryset=Surcharge.objects.order_by("code"))
            )
        )
        self._plain: dict[int, Card] = {}

    def find(self, *, room, day: date, seasonal: bool) -> RateCard | None:
        hire_order = ("seasonal" if seasonal else "incidental", "any")
        rooms = [room.pk] + ([room.parent_id] if getattr(room, "parent_id", None) else []) + [None]
        for room_id in rooms:
            for hire in hire_order:
                for card in self.cards:
                    if card.room_id != room_id or card.hire != hire or card.valid_from > day:
                        continue
                    if card.valid_until is None or card.valid_until >= day:
                        return card
        return None

    def plain(self, card: RateCard) -> Card:
        if card.pk not in self._plain:
            self._plain[card.pk] = Card.from_model(card)
        return self._plain[card.pk]
