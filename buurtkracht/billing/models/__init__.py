"""Billing models, split by topic; import them from here."""

from buurtkracht.billing.models.charges import CANCELLATION, RENT, ChargeLine, Deposit
from buurtkracht.billing.models.invoices import Invoice, InvoiceCounter, InvoiceLine, Payment, Reminder
from buurtkracht.billing.models.profiles import (
    CategoryLabel,
    HouseBillingProfile,
    OrganisationBillingProfile,
    VatCategory,
)
from buurtkracht.billing.models.tariffs import (
    Allowance,
    CategoryRate,
    RateCard,
    SeriesTerms,
    Surcharge,
    VolumeTier,
)

__all__ = [
    "CANCELLATION", "RENT", "Allowance", "CategoryLabel", "CategoryRate", "ChargeLine", "Deposit",
    "HouseBillingProfile", "Invoice", "InvoiceCounter", "InvoiceLine", "OrganisationBillingProfile", "Payment",
    "RateCard", "Reminder", "SeriesTerms", "Surcharge", "VatCategory", "VolumeTier",
]  # fmt: skip
