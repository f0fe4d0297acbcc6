"""Permission rules for networks. The object is a ``Network``."""

from buurtkracht.accounts.permissions import access_for, rule
from buurtkracht.accounts.roles import NETWORK_EDITORS, NETWORK_READERS


@rule("networks.network:view_manage")
def can_read_network(user, network) -> bool:
    return bool(access_for(user).roles_for_network(network.pk) & NETWORK_READERS)


@rule(
    "networks.network:change",
    "networks.network:import_houses",
    "networks.network:invite",
    "houses.house:create",
)
def can_edit_network(user, network) -> bool:
    return bool(access_for(user).roles_for_network(network.pk) & NETWORK_EDITORS)


@rule("networks.network:view_history")
def can_read_network_history(user, network) -> bool:
    """The history of a network (who changed what) is for its coordinators; officers read the figures."""
    return bool(access_for(user).roles_for_network(network.pk) & NETWORK_EDITORS)
