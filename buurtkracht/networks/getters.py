"""The only way views and the API fetch a network for a person: 404 when it is not visible to them at all,
403 when visible but the asked permission is missing."""

from django.http import Http404

from buurtkracht.accounts.permissions import require
from buurtkracht.networks.models import Network


def get_network_for_user(user, slug: str, *, perm: str | None = None) -> Network:
    network = Network.objects.visible_to(user).filter(slug=slug).first()
    if network is None:
        raise Http404("No such network.")
    if perm is not None:
        require(user, perm, network)
    return network
