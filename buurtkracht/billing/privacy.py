"""What billing holds about a person: only who acted (created a rate card or invoice, recorded a payment,
granted free hours). Invoices are addressed to organisations, not to people, and stay as issued for the
fiscal retention period (7 years in NL, 10 in BE); erasing an account leaves these references pointing at
the pseudonymised account."""

from django.utils.translation import gettext_lazy

from buurtkracht.accounts.privacy import ReferenceOnlyHandler


def privacy_handlers() -> list[ReferenceOnlyHandler]:
    return [
        ReferenceOnlyHandler(
            "billing_references",
            {
                "billing.Allowance.granted_by",
                "billing.CategoryLabel.changed_by",
                "billing.Deposit.settled_by",
                "billing.Invoice.created_by",
                "billing.Payment.recorded_by",
                "billing.RateCard.created_by",
                "billing.SeriesTerms.changed_by",
            },
            gettext_lazy("Tariffs, invoices and payments you handled"),
        )
    ]
