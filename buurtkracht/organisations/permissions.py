"""Permission rules for organisations. The object is an ``Organisation``, or a ``Network`` for create."""

from buurtkracht.accounts.permissions import access_for, rule
from buurtkracht.accounts.roles import HOUSE_EDITORS, HOUSE_STAFF, NETWORK_EDITORS, ORGANISATION_EDITORS


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


def _works_for_house_in(user, network_id: int, roles) -> bool:
    from buurtkracht.houses.models import House

    access = access_for(user)
    return House.objects.filter(pk__in=access.house_ids(roles), networks=network_id).exists()


@rule("organisations.organisation:create")
def can_create_organisation(user, network) -> bool:
    """Coordinators of the network, and managers of a house in it (who register their renters)."""
    if access_for(user).roles_for_network(network.pk) & NETWORK_EDITORS:
        return True
    return _works_for_house_in(user, network.pk, HOUSE_EDITORS)


@rule("organisations.organisation:set_category")
def can_set_renter_category(user, target) -> bool:
    """The renter category decides the tariff, so the organisation's own contact cannot change it: the
    network's coordinators and the managers of its houses can. ``target`` is an Organisation or a Network."""
    network_id = getattr(target, "network_id", None) or target.pk
    if access_for(user).roles_for_network(network_id) & NETWORK_EDITORS:
        return True
    return _works_for_house_in(user, network_id, HOUSE_EDITORS)


@rule("organisations.contact:view")
def can_view_contacts(user, organisation) -> bool:
    """Names, e-mail addresses and phone numbers of contacts: for whoever may change the organisation,
    and for the staff of the houses in its network (who rent rooms to it)."""
    if can_edit_organisation(user, organisation):
        return True
    if access_for(user).roles_for_network(organisation.network_id) & HOUSE_STAFF:
        return True
    return _works_for_house_in(user, organisation.network_id, HOUSE_STAFF)


@rule("organisations.contact:change")
def can_change_contacts(user, organisation) -> bool:
    return can_edit_organisation(user, organisation)
