"""Renter categories for pricing. The organisation's ``renter_category`` values, plus ``private`` for a
booking without an organisation (a resident hiring the hall for a party). Networks may rename them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    RESIDENT_INITIATIVE = "resident_initiative", _("resident initiative")
    NON_PROFIT = "non_profit", _("association or foundation")
    CARE_WELFARE = "care_welfare", _("care and welfare provider")
    MUNICIPAL = "municipal", _("municipal service")
    COMMERCIAL = "commercial", _("commercial")
    PRIVATE = "private", _("private person")


def category_labels(network_id: int | None) -> dict[str, str]:
    """Display names of the categories, with the network's own names where it chose them."""
    labels = {value: str(label) for value, label in Category.choices}
    if network_id:
        from buurtkracht.billing.models import CategoryLabel

        labels.update(dict(CategoryLabel.objects.filter(network_id=network_id).values_list("category", "label")))
    return labels


def category_of(series, organisation=None) -> str:
    """The category in force for a booking: the series' override, else the organisation's, else private."""
    terms = getattr(series, "billing_terms", None) if series is not None else None
    if terms is not None and terms.category_override:
        return terms.category_override
    organisation = organisation if organisation is not None else getattr(series, "organisation", None)
    if organisation is not None and organisation.renter_category:
        return organisation.renter_category
    return Category.PRIVATE
