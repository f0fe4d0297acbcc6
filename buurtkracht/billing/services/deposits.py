"""Deposits (billing.md §11): a liability, not income. Requested when a booking of a category with a deposit is
charged; received before the key is handed over; then refunded in full, or partly retained with a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.billing.models import Deposit
from buurtkracht.billing.money import euro, to_decimal
from buurtkracht.core.audit import log_action


@transaction.atomic
def receive_deposit(deposit: Deposit, *, actor, received_on: date | None = None) -> Deposit:
    deposit = Deposit.objects.select_for_update().get(pk=deposit.pk)
    if deposit.status != Deposit.Status.REQUESTED:
        raise ValidationError(_("This deposit was already received."))
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": [_("The date cannot be in the future.")]})
    deposit.status, deposit.received_on = Deposit.Status.RECEIVED, received_on
    deposit.save(update_fields=["status", "received_on"])
    log_action(actor, "billing.deposit.changed", deposit, house_id=deposit.house_id,
               organisation_id=deposit.organisation_id, data={"status": "received"})  # fmt: skip
    return deposit


@transaction.atomic
def settle_deposit(deposit: Deposit, *, actor, retained=Decimal("0"), reason: str = "") -> Deposit:
    """Pay the deposit back, keeping ``retained`` (with a reason, e.g. damage) and refunding the rest."""
    deposit = Deposit.objects.select_for_update().get(pk=deposit.pk)
    try:
        retained = to_decimal(retained or "0").quantize(Decimal("0.01"))
    except Exception:
        raise ValidationError({"retained": [_("Enter an amount like 12,50.")]}) from None
    errors: dict[str, list[str]] = {}
    if deposit.status != Deposit.Status.RECEIVED:
        raise ValidationError(_("Only a received deposit can be settled."))
    if retained < 0 or retained > deposit.amount:
        errors["retained"] = [_("Keep between € 0,00 and %(amount)s.") % {"amount": euro(deposit.amount)}]
    if retained > 0 and not reason.strip():
        errors["reason"] = [_("Say why you keep part of the deposit, for example the damage.")]
    if errors:
        raise ValidationError(errors)
    deposit.retained, deposit.refunded = retained, deposit.amount - retained
    deposit.reason, deposit.status, deposit.settled_by = reason.strip(), Deposit.Status.SETTLED, actor
    deposit.save(update_fields=["retained", "refunded", "reason", "status", "settled_by"])
    log_action(actor, "billing.deposit.changed", deposit, house_id=deposit.house_id,
               organisation_id=deposit.organisation_id,
               data={"status": "settled", "retained": retained, "reason": deposit.reason})  # fmt: skip
    return deposit
