"""A house's matching profile (offers beyond rooms, themes) and a network's weights."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtkracht.core.audit import log_action
from buurtkracht.matching import vocab
from buurtkracht.matching.models import DEFAULT_WEIGHTS, HouseOffer, MatchingWeights


@transaction.atomic
def save_offer(*, actor, house, hidden=False, themes=(), target_groups=(), offers=(), note="") -> HouseOffer:
    errors = {}
    for key, values, allowed in (("themes", themes, vocab.THEMES), ("target_groups", target_groups, vocab.TARGET_GROUPS),
                                 ("offers", offers, vocab.OFFERS)):  # fmt: skip
        if set(values) - vocab.codes(allowed):
            errors[key] = [_("Choose from the list.")]
    if errors:
        raise ValidationError(errors)
    offer, _created = HouseOffer.objects.update_or_create(
        house=house,
        defaults={"hidden": bool(hidden), "themes": list(themes), "target_groups": list(target_groups),
                  "offers": list(offers), "note": (note or "").strip()},
    )  # fmt: skip
    log_action(actor, "matching.offer.changed", house, house_id=house.pk, data={"hidden": bool(hidden)})
    return offer


@transaction.atomic
def save_weights(*, actor, network, **weights) -> MatchingWeights:
    errors = {}
    clean = {}
    for name in DEFAULT_WEIGHTS:
        try:
            value = Decimal(str(weights.get(name, DEFAULT_WEIGHTS[name])))
            if not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
                raise ValueError
            clean[name] = value.quantize(Decimal("0.01"))
        except (ValueError, ArithmeticError):
            errors[name] = [_("Fill in a weight from 0 to 1.")]
    if not errors and sum(clean.values()) <= 0:
        errors["distance"] = [_("At least one weight must be more than 0.")]
    if errors:
        raise ValidationError(errors)
    row, _created = MatchingWeights.objects.update_or_create(network=network, defaults=clean)
    log_action(actor, "matching.weights.changed", network, network_id=network.pk,
               data={k: str(v) for k, v in clean.items()})  # fmt: skip
    return row
