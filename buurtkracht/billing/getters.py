"""Fetch billing objects for a person: 404 when they may not even see it, 403 when they see it but may not
do ``perm`` on it. Views and the API use only these."""

from __future__ import annotations

from django.http import Http404

from buurtkracht.accounts.permissions import require
from buurtkracht.billing.models import Deposit, Invoice, RateCard
from buurtkracht.houses.getters import get_house_for_user
from buurtkracht.networks.getters import get_network_for_user
from buurtkracht.organisations.getters import get_organisation_for_user

MAX_ID = 2**63 - 1

__all__ = [
    "get_deposit", "get_house_for_user", "get_invoice_for_user", "get_network_for_user",
    "get_organisation_for_user", "get_rate_card",
]  # fmt: skip


def _bounded(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk <= MAX_ID:
        raise Http404
    return pk


def get_invoice_for_user(user, pk, *, perm: str = "billing.invoice:view") -> Invoice:
    invoice = (
        Invoice.objects.visible_to(user)
        .select_related("house", "organisation", "credited_invoice", "series")
        .filter(pk=_bounded(pk))
        .first()
    )
    if invoice is None:
        raise Http404("No such invoice.")
    require(user, perm, invoice)
    return invoice


def get_rate_card(house, card_id) -> RateCard:
    """A rate card of a house the caller already fetched and checked."""
    card = RateCard.objects.filter(house=house, pk=_bounded(card_id)).select_related("room").first()
    if card is None:
        raise Http404("No such rate card.")
    return card


def get_deposit(house, deposit_id) -> Deposit:
    deposit = Deposit.objects.filter(house=house, pk=_bounded(deposit_id)).select_related("series").first()
    if deposit is None:
        raise Http404("No such deposit.")
    return deposit
