"""Permission rules for organisations. The object is an ``Organisation``, or a ``Network`` for create."""

from buurtkracht.accounts.permissions import access_for, rule
from buurtkracht.accounts.roles import HOUSE_EDITORS, NETWORK_EDITORS, ORGANISATION_EDITORS


@rule("organisations.organisation:view")
def can_view_organisation(user, organisation) -> bool:
    from buurtkracht.organisations.models import Organisation

    return Organisation.objects.visible_to(user).filter(pk=organisation.pk).exists()


@rule("organisations.organisation:change", "organisations.organisation:invite")
def can_edit_organisation(user, organisation) -> bool:
    access = access_for(user)
    if access.organisation.get(organisation.pk, set()) & ORGANISATION_EDITORS:
        return True
    return bool(access.roles_for_network(organisation.network_id) & NETWORK_EDITORS)


@rule("organisations.organisation:create")
def can_create_organisation(user, network) -> bool:
    """Coordinators of the network, and managers of a house in it (who register their renters)."""
    from buurtkracht.houses.models import House

    access = access_for(user)
    if access.roles_for_network(network.pk) & NETWORK_EDITORS:
        return True
    return House.objects.filter(pk__in=access.house_ids(HOUSE_EDITORS), networks=network).exists()
