"""Fetch organisations and contacts for the person asking: 404 when not visible, 403 when not permitted."""

from django.http import Http404

from buurtkracht.accounts.permissions import access_for, require
from buurtkracht.accounts.roles import HOUSE_EDITORS, NETWORK_EDITORS
from buurtkracht.organisations.models import Contact, Organisation


def _bounded(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def get_organisation_for_user(user, pk, *, perm: str | None = None) -> Organisation:
    organisation = (
        Organisation.objects.visible_to(user).select_related("network", "area").filter(pk=_bounded(pk)).first()
    )
    if organisation is None:
        raise Http404
    if perm:
        require(user, perm, organisation)
    return organisation


def get_contact_for_user(
    user, organisation: Organisation, pk, *, perm: str = "organisations.contact:change"
) -> Contact:
    contact = organisation.contacts.filter(pk=_bounded(pk)).first()
    if contact is None:
        raise Http404
    require(user, perm, organisation)
    contact.organisation = organisation
    return contact


def networks_for_create(user):
    """The networks in which ``user`` may register an organisation."""
    from buurtkracht.houses.models import House
    from buurtkracht.networks.models import Network

    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    access = access_for(user)
    house_networks = House.objects.filter(pk__in=access.house_ids(HOUSE_EDITORS)).values("networks")
    return Network.objects.filter(pk__in=access.network_ids(NETWORK_EDITORS)) | Network.objects.filter(
        pk__in=house_networks
    )
