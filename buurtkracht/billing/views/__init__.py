"""Billing pages under /facturen/. Thin: getter → form → service → redirect (PRG) or an HTMX partial."""

from buurtkracht.billing.views.houses import (
    deposit_update,
    export,
    house_overview,
    house_profile,
    invoice_run,
    rate_card_create,
    rate_card_detail,
    revenue_forgone,
)
from buurtkracht.billing.views.invoices import (
    credit_note,
    invoice_delete,
    invoice_detail,
    invoice_issue,
    invoice_list,
    invoice_pdf,
    invoice_ubl,
    payment_add,
)
from buurtkracht.billing.views.other import (
    category_labels,
    network_revenue,
    organisation_invoices,
    organisation_profile,
    quote,
    series_billing,
)
from buurtkracht.billing.views.request_quote import quote_fragment

__all__ = [
    "category_labels", "credit_note", "deposit_update", "export", "house_overview", "house_profile",
    "invoice_delete", "invoice_detail", "invoice_issue", "invoice_list", "invoice_pdf", "invoice_run",
    "invoice_ubl", "network_revenue", "organisation_invoices", "organisation_profile", "payment_add", "quote",
    "quote_fragment",
    "rate_card_create", "rate_card_detail", "revenue_forgone", "series_billing",
]  # fmt: skip
