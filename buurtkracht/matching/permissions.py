"""Permission rules of matching.

Objects: ``Network`` for the board, numbers, weights, entering initiatives and the spare-capacity overview;
``House`` for its matching profile; ``SpaceNeed`` to see or propose for it; ``Initiative`` for its contact data;
``Proposal`` to see, answer (house side) and follow up. The initiative itself answers through its own secret
link, not through these rules.
"""

from buurtkracht.accounts.permissions import access_for, rule
from buurtkracht.accounts.roles import HOUSE_EDITORS, HOUSE_STAFF, NETWORK_EDITORS, NETWORK_READERS


def _house_ids_in_network(user, network_id: int, roles) -> set[int]:
    from buurtkracht.houses.models import House

    ids = access_for(user).house_ids(roles)
    if not ids:
        return set()
    return set(House.objects.filter(pk__in=ids, networks=network_id).values_list("pk", flat=True))


@rule("matching.network:coordinate")
def can_coordinate(user, network) -> bool:
    return bool(access_for(user).roles_for_network(network.pk) & NETWORK_EDITORS)


@rule("matching.network:view")
def can_view_numbers(user, network) -> bool:
    return bool(access_for(user).roles_for_network(network.pk) & NETWORK_READERS)


@rule("matching.house:offer")
def can_edit_offer(user, house) -> bool:
    return bool(access_for(user).roles_for_house(house) & HOUSE_EDITORS)


@rule("matching.need:view")
def can_view_need(user, need) -> bool:
    """The network's readers, and the staff of houses in the network (needs are shown without contact data)."""
    network_id = need.initiative.network_id
    if access_for(user).roles_for_network(network_id) & (NETWORK_READERS | HOUSE_STAFF):
        return True
    return bool(_house_ids_in_network(user, network_id, HOUSE_STAFF))


@rule("matching.need:propose")
def can_propose(user, need) -> bool:
    """Coordinators propose any room; house managers propose a room of their own house."""
    network_id = need.initiative.network_id
    if access_for(user).roles_for_network(network_id) & NETWORK_EDITORS:
        return True
    return bool(_house_ids_in_network(user, network_id, HOUSE_EDITORS))


@rule("matching.initiative:contact")
def sees_contact(user, initiative) -> bool:
    """Contact data: the network's coordinators and the staff of houses the initiative was proposed to."""
    if access_for(user).roles_for_network(initiative.network_id) & NETWORK_EDITORS:
        return True
    from buurtkracht.matching.models import Proposal

    houses = access_for(user).house_ids(HOUSE_STAFF)
    return bool(houses) and Proposal.objects.filter(need__initiative=initiative, house_id__in=houses).exists()


@rule("matching.proposal:view")
def can_view_proposal(user, proposal) -> bool:
    if access_for(user).roles_for_network(proposal.need.initiative.network_id) & NETWORK_READERS:
        return True
    return bool(access_for(user).roles_for_house(proposal.house) & HOUSE_STAFF)


@rule("matching.proposal:answer")
def can_answer(user, proposal) -> bool:
    """The house side answers: its managers (and the coordinators who work for the house's network)."""
    return bool(access_for(user).roles_for_house(proposal.house) & HOUSE_EDITORS)


@rule("matching.proposal:follow_up")
def can_follow_up(user, proposal) -> bool:
    if access_for(user).roles_for_network(proposal.need.initiative.network_id) & NETWORK_EDITORS:
        return True
    return bool(access_for(user).roles_for_house(proposal.house) & HOUSE_EDITORS)
