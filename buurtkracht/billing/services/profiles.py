"""Billing details of houses and organisations, and the names a network gives the renter categories."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtkracht.billing.categories import Category
from buurtkracht.billing.models import CategoryLabel, HouseBillingProfile, OrganisationBillingProfile
from buurtkracht.core.audit import log_action

HOUSE_FIELDS = {
    "legal_name", "street", "postcode", "city", "country", "registration_number", "oin", "vat_id",
    "tax_registration_id", "iban", "bic", "email", "phone", "numbering", "numbering_network", "number_prefix",
    "invoice_period", "season_start_month", "payment_days", "reminder_days", "cancellation_free_days",
    "cancellation_percent", "accent_colour", "footer",
}  # fmt: skip
ORGANISATION_FIELDS = {
    "legal_name", "street", "postcode", "city", "country", "invoice_email", "company_id", "company_id_scheme",
    "vat_id", "buyer_reference", "e_invoice",
}  # fmt: skip


def _compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def iban_ok(iban: str) -> bool:
    iban = _compact(iban)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def kbo_ok(number: str) -> bool:
    return bool(re.fullmatch(r"\d{10}", number)) and 97 - int(number[:8]) % 97 == int(number[8:])


def registration_error(number: str, scheme: str) -> str | None:
    """A sentence saying what is wrong with a KvK (0106), OIN (0190) or KBO (0208) number, or None."""
    if scheme == "0106" and not re.fullmatch(r"\d{8}", number):
        return _("A chamber of commerce (KvK) number has 8 digits.")
    if scheme == "0190" and not re.fullmatch(r"\d{20}", number):
        return _("An OIN has 20 digits.")
    if scheme == "0208" and not kbo_ok(number):
        return _("A Belgian enterprise number has 10 digits, like 0123456749.")
    return None


def vat_error(vat_id: str) -> str | None:
    if vat_id and not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{2,13}", vat_id):
        return _("A VAT number starts with the country code, like NL123456789B01.")
    return None


@transaction.atomic
def save_house_profile(*, actor, house, **fields) -> HouseBillingProfile:
    unknown = set(fields) - HOUSE_FIELDS
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    profile = HouseBillingProfile.objects.filter(house=house).first() or HouseBillingProfile(house=house)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.iban = _compact(profile.iban)
    profile.vat_id = _compact(profile.vat_id)
    profile.registration_number = _compact(profile.registration_number)
    profile.oin = _compact(profile.oin)
    profile.number_prefix = (profile.number_prefix or "").strip().upper()
    errors: dict[str, list[str]] = {}
    if not iban_ok(profile.iban):
        errors["iban"] = [_("This IBAN is not right. Check the number, for example NL91ABNA0417164300.")]
    scheme = "0208" if profile.country == "BE" else "0106"
    if not profile.registration_number and not profile.oin:
        errors["registration_number"] = [_("Enter the chamber of commerce number (or the OIN) of the house.")]
    elif profile.registration_number and (message := registration_error(profile.registration_number, scheme)):
        errors["registration_number"] = [message]
    if profile.oin and (message := registration_error(profile.oin, "0190")):
        errors["oin"] = [message]
    if message := vat_error(profile.vat_id):
        errors["vat_id"] = [message]
    if profile.numbering == HouseBillingProfile.Numbering.NETWORK:
        if profile.numbering_network_id is None or not house.networks.filter(pk=profile.numbering_network_id).exists():
            errors["numbering_network"] = [_("Choose one of the networks of this house for the number series.")]
    else:
        profile.numbering_network = None
    if errors:
        raise ValidationError(errors)
    profile.full_clean(exclude=["house"])
    profile.save()
    log_action(actor, "billing.house_profile.changed", house, house_id=house.pk, data={"fields": sorted(fields)})
    return profile


@transaction.atomic
def save_organisation_profile(*, actor, organisation, **fields) -> OrganisationBillingProfile:
    unknown = set(fields) - ORGANISATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    profile = OrganisationBillingProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        profile = OrganisationBillingProfile(organisation=organisation, legal_name=organisation.name)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.company_id = _compact(profile.company_id)
    profile.vat_id = _compact(profile.vat_id)
    errors: dict[str, list[str]] = {}
    if profile.company_id and (message := registration_error(profile.company_id, profile.company_id_scheme)):
        errors["company_id"] = [message]
    if message := vat_error(profile.vat_id):
        errors["vat_id"] = [message]
    if profile.e_invoice:
        required = {
            "legal_name": _("Enter the legal name: it must be on an e-invoice."),
            "street": _("Enter the street and number: it must be on an e-invoice."),
            "postcode": _("Enter the postcode: it must be on an e-invoice."),
            "city": _("Enter the place: it must be on an e-invoice."),
            "company_id": _("Enter the registration number: an e-invoice is delivered to it."),
            "buyer_reference": _("Enter the reference the organisation wants on its invoices."),
        }
        for name, message in required.items():
            if not (getattr(profile, name) or "").strip():
                errors.setdefault(name, [message])
    if errors:
        raise ValidationError(errors)
    profile.full_clean(exclude=["organisation"])
    profile.save()
    log_action(actor, "billing.organisation_profile.changed", organisation, organisation_id=organisation.pk,
               data={"fields": sorted(fields)})  # fmt: skip
    return profile


@transaction.atomic
def set_category_label(*, actor, network, category: str, label: str) -> CategoryLabel | None:
    """Give a category the network's own name; an empty name goes back to the standard name."""
    if category not in Category.values:
        raise ValidationError({"category": [_("Choose a renter category.")]})
    label = (label or "").strip()
    if len(label) > 80:
        raise ValidationError({"label": [_("A name can be at most 80 characters.")]})
    if not label:
        CategoryLabel.objects.filter(network=network, category=category).delete()
        result = None
    else:
        result, _created = CategoryLabel.objects.update_or_create(
            network=network, category=category, defaults={"label": label, "changed_by": actor}
        )
    log_action(actor, "billing.category_label.changed", network, network_id=network.pk,
               data={"category": category, "label": label})  # fmt: skip
    return result
