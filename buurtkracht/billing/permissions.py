"""Permission rules for billing.

Strings (the object in brackets):
``billing.house:view`` (House)             invoices, tariffs, charges and exports of a house
``billing.house:manage`` (House)           change tariffs and billing details, run invoices, credit, record payments
``billing.house:view_revenue`` (House)     revenue forgone of a house: also the municipality officer (aggregated)
``billing.network:view_revenue`` (Network) revenue forgone of a network, per house and category
``billing.network:labels`` (Network)       rename the renter categories of a network
``billing.invoice:view`` (Invoice)         one invoice with its PDF and e-invoice
``billing.invoice:manage`` (Invoice)       issue, credit, record payments
``billing.organisation:view`` (Organisation) the organisation's own invoices and quotes; its billing details
``billing.organisation:change`` (Organisation) the organisation's billing details
``billing.quote:view`` (House)             ask for a price of a house (anyone who may see the house)
"""

from buurtkracht.accounts.models import Membership
from buurtkracht.accounts.permissions import access_for, roles_on_house, rule
from buurtkracht.accounts.roles import HOUSE_EDITORS, NETWORK_EDITORS, NETWORK_READERS, ORGANISATION_EDITORS

OFFICER = {Membership.Role.MUNICIPALITY_OFFICER}


@rule("billing.house:view", "billing.house:manage")
def can_keep_books(user, house) -> bool:
    return bool(roles_on_house(user, house) & HOUSE_EDITORS)


@rule("billing.house:view_revenue")
def can_read_revenue(user, house) -> bool:
    return bool(roles_on_house(user, house) & (HOUSE_EDITORS | OFFICER))


@rule("billing.network:view_revenue")
def can_read_network_revenue(user, network) -> bool:
    return bool(access_for(user).roles_for_network(network.pk) & NETWORK_READERS)


@rule("billing.network:labels")
def can_name_categories(user, network) -> bool:
    return bool(access_for(user).roles_for_network(network.pk) & NETWORK_EDITORS)


@rule("billing.invoice:view")
def can_view_invoice(user, invoice) -> bool:
    if can_keep_books(user, invoice.house):
        return True
    return (
        invoice.status == "issued"
        and invoice.organisation_id is not None
        and bool(access_for(user).organisation.get(invoice.organisation_id, set()) & ORGANISATION_EDITORS)
    )


@rule("billing.invoice:manage")
def can_manage_invoice(user, invoice) -> bool:
    return can_keep_books(user, invoice.house)


@rule("billing.organisation:view", "billing.organisation:change")
def can_see_own_invoices(user, organisation) -> bool:
    return bool(access_for(user).organisation.get(organisation.pk, set()) & ORGANISATION_EDITORS)


@rule("billing.quote:view")
def can_ask_price(user, house) -> bool:
    from buurtkracht.houses.models import House

    return House.objects.visible_to(user).filter(pk=house.pk).exists()
