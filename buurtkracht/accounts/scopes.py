"""Scopes of a role: a house, a network or an organisation. Who may give which role where.

A membership, an invitation and the invite pages all name their scope the same way: a kind
(``house``, ``network``, ``organisation``) and the object. The invite permission of the scope decides
who may invite there, and :func:`grantable_roles` limits the roles to what the inviter may give.
"""

from __future__ import annotations

from django.http import Http404

from buurtkracht.accounts.models import Membership
from buurtkracht.accounts.permissions import access_for, has_perm, require
from buurtkracht.accounts.roles import NETWORK_EDITORS

R = Membership.Role

HOUSE, NETWORK, ORGANISATION = "house", "network", "organisation"
SCOPE_KINDS = (HOUSE, NETWORK, ORGANISATION)

INVITE_PERMISSION = {
    HOUSE: "houses.house:invite",
    NETWORK: "networks.network:invite",
    ORGANISATION: "organisations.organisation:invite",
}

ROLES_BY_SCOPE = {
    HOUSE: [R.HOUSE_MANAGER, R.HOUSE_VOLUNTEER],
    NETWORK: [R.NETWORK_COORDINATOR, R.MUNICIPALITY_OFFICER, R.REFERRER],
    ORGANISATION: [R.ORGANISATION_CONTACT, R.PROVIDER, R.REFERRER],
}


def scope_kind(obj) -> str:
    from buurtkracht.houses.models import House
    from buurtkracht.networks.models import Network
    from buurtkracht.organisations.models import Organisation

    if isinstance(obj, House):
        return HOUSE
    if isinstance(obj, Network):
        return NETWORK
    if isinstance(obj, Organisation):
        return ORGANISATION
    raise TypeError(f"Not a scope: {obj!r}")


def scope_fields(obj) -> dict:
    """``{"house": obj}`` (or network, organisation): the keyword for a Membership or Invitation."""
    return {scope_kind(obj): obj}


def audit_ids(obj) -> dict:
    """The ``house_id`` / ``network_id`` / ``organisation_id`` that file an audit entry under the scope."""
    kind = scope_kind(obj)
    ids = {f"{kind}_id": obj.pk}
    if kind == ORGANISATION:
        ids["network_id"] = obj.network_id
    return ids


def scope_key(obj):
    """The key in an invite URL: the slug of a house or network, the id of an organisation."""
    return obj.pk if scope_kind(obj) == ORGANISATION else obj.slug


def can_invite(user, obj) -> bool:
    return has_perm(user, INVITE_PERMISSION[scope_kind(obj)], obj)


def grantable_roles(user, obj) -> list[str]:
    """The roles ``user`` may give in ``obj``: none without the invite permission. On an organisation,
    its own contact may add contacts and providers; giving the referrer role there (a social worker of
    the organisation who refers people for the leisure pass) is for the network's coordinator."""
    kind = scope_kind(obj)
    if not can_invite(user, obj):
        return []
    roles = list(ROLES_BY_SCOPE[kind])
    coordinates = (
        user.is_superuser or access_for(user).roles_for_network(getattr(obj, "network_id", None)) & NETWORK_EDITORS
    )
    if kind == ORGANISATION and not coordinates:
        roles.remove(R.REFERRER)
    return roles


def get_scope_for_user(user, kind: str, key: str, *, perm: str | None = None):
    """The house, network or organisation named in a URL, if ``user`` may see it (else 404); with
    ``perm`` (``"invite"`` for the scope's invite permission) also 403 when not permitted."""
    from buurtkracht.houses.models import House
    from buurtkracht.networks.models import Network
    from buurtkracht.organisations.models import Organisation

    if kind == HOUSE:
        obj = House.objects.visible_to(user).filter(slug=key).first()
    elif kind == NETWORK:
        obj = Network.objects.visible_to(user).filter(slug=key).first()
    elif kind == ORGANISATION:
        obj = None
        if str(key).isdigit() and 0 < int(key) < 2**63:
            obj = Organisation.objects.visible_to(user).filter(pk=int(key)).first()
    else:
        obj = None
    if obj is None:
        raise Http404
    if perm == "invite":
        require(user, INVITE_PERMISSION[kind], obj)
    elif perm is not None:
        require(user, perm, obj)
    return obj
