"""Every write to networks. Each runs in a transaction, validates first (nothing is saved on an error) and
leaves an audit entry. Callers check permissions first; ``actor`` may be ``None`` for the system (the
demo, a command)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.core.audit import log_action, register_display
from buurtkracht.networks.models import Area, Network

NETWORK_FIELDS = {"name", "kind", "description", "website", "email", "is_public"}

register_display(
    {
        "networks.network.created": gettext_lazy("%(actor)s created the network %(object)s"),
        "networks.network.changed": gettext_lazy("%(actor)s changed the details of the network %(object)s"),
        "networks.network.deleted": gettext_lazy("%(actor)s deleted the network %(object)s"),
    }
)


def _check_areas(areas: Iterable[Area]) -> list[Area]:
    chosen = list(areas)
    wrong = [area.name for area in chosen if area.kind != Area.Kind.MUNICIPALITY]
    if wrong:
        raise ValidationError(
            {"areas": _("A network covers whole municipalities; %(names)s is not one.") % {"names": ", ".join(wrong)}}
        )
    return chosen


def _unique_slug(text: str) -> str:
    base = slugify(text)[:70] or "netwerk"
    slug, n = base, 2
    while Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_network(*, actor, name: str, kind: str, slug: str | None = None, areas: Iterable[Area] = (), **fields):
    unknown = set(fields) - NETWORK_FIELDS
    if unknown:
        raise TypeError(f"Unknown network fields: {sorted(unknown)}")
    chosen = _check_areas(areas)
    network = Network(name=(name or "").strip(), kind=kind, slug=slug or _unique_slug(name or ""), **fields)
    network.full_clean()
    network.save()
    network.areas.set(chosen)
    log_action(
        actor,
        "networks.network.created",
        network,
        network_id=network.pk,
        data={"kind": network.kind, "areas": [area.code for area in chosen]},
    )
    return network


@transaction.atomic
def update_network(network: Network, *, actor, areas: Iterable[Area] | None = None, **changes) -> Network:
    """Change the details of a network (name, description, contact, publicity) and, when given, the
    municipalities it covers. Only what really changed is written to the history."""
    unknown = set(changes) - NETWORK_FIELDS
    if unknown:
        raise TypeError(f"Unknown network fields: {sorted(unknown)}")
    if isinstance(changes.get("name"), str):
        changes["name"] = changes["name"].strip()
    chosen = _check_areas(areas) if areas is not None else None
    before = {field: getattr(network, field) for field in changes}
    for field, value in changes.items():
        setattr(network, field, value)
    network.full_clean()
    changed = {field: str(getattr(network, field)) for field in changes if before[field] != getattr(network, field)}
    if chosen is not None:
        old_codes = sorted(network.areas.values_list("code", flat=True))
        new_codes = sorted(area.code for area in chosen)
        if old_codes != new_codes:
            network.areas.set(chosen)
            changed["areas"] = ", ".join(new_codes)
    if not changed:
        return network
    network.save()
    log_action(actor, "networks.network.changed", network, network_id=network.pk, data={"changed": changed})
    return network
