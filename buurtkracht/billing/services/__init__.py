"""Every write in billing goes through these modules; each runs in a transaction and leaves an audit entry.

``tariffs``   rate cards, category prices, tiers, surcharges, free hours, per-booking terms
``profiles``  billing details of houses and organisations, the network's category names
``quotes``    prices before booking (no writes)
``charges``   frozen charge lines for confirmed dates; cancellations and deposits
``invoices``  invoice runs, issuing with gap-free numbers, credit notes, payments
``reminders`` payment reminders (idempotent)
``reports``   revenue forgone and the result at list price (read only)
"""

from django.utils.translation import gettext_lazy

from buurtkracht.core.audit import register_display

register_display(
    {
        "billing.rate_card.created": gettext_lazy("%(actor)s added the rate card %(object)s."),
        "billing.rate_card.changed": gettext_lazy("%(actor)s changed the rate card %(object)s."),
        "billing.rate_card.deleted": gettext_lazy("%(actor)s deleted the rate card %(object)s."),
        "billing.rate_card.versioned": gettext_lazy("%(actor)s made a new version of the rate card %(object)s."),
        "billing.allowance.changed": gettext_lazy("%(actor)s changed the free hours of %(object)s."),
        "billing.series_terms.changed": gettext_lazy("%(actor)s changed the billing terms of %(object)s."),
        "billing.house_profile.changed": gettext_lazy("%(actor)s changed the billing details of %(object)s."),
        "billing.organisation_profile.changed": gettext_lazy("%(actor)s changed the billing details of %(object)s."),
        "billing.category_label.changed": gettext_lazy("%(actor)s renamed a renter category: %(object)s."),
        "billing.charges.created": gettext_lazy("%(actor)s priced the confirmed dates of %(object)s."),
        "billing.charge.cancelled": gettext_lazy("%(actor)s applied the cancellation rules to %(object)s."),
        "billing.charge.moved": gettext_lazy("%(actor)s priced a moved date of %(object)s again."),
        "billing.charge.dropped": gettext_lazy("%(actor)s voided the charges of dates no longer in %(object)s."),
        "billing.invoice.created": gettext_lazy("%(actor)s drafted the invoice %(object)s."),
        "billing.invoice.issued": gettext_lazy("%(actor)s issued the invoice %(object)s."),
        "billing.invoice.deleted": gettext_lazy("%(actor)s deleted the draft %(object)s."),
        "billing.invoice_run.done": gettext_lazy("%(actor)s ran the invoices of %(object)s."),
        "billing.credit_note.created": gettext_lazy("%(actor)s drafted the credit note %(object)s."),
        "billing.payment.recorded": gettext_lazy("%(actor)s recorded a payment for %(object)s."),
        "billing.reminder.sent": gettext_lazy("%(actor)s sent a payment reminder for %(object)s."),
        "billing.deposit.changed": gettext_lazy("%(actor)s updated the deposit %(object)s."),
    }
)
