"""Fetch matching objects for the person asking: 404 when not visible at all, 403 when not permitted."""

from django.db.models import Q
from django.http import Http404

from buurtkracht.accounts.permissions import access_for, has_perm, require
from buurtkracht.accounts.roles import HOUSE_STAFF, NETWORK_READERS
from buurtkracht.matching.models import Initiative, Proposal, SpaceNeed, initiative_from_token


def _bounded(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def visible_network_ids(user) -> set[int]:
    """Networks whose needs the person may see: as reader, or as staff of a house in it."""
    from buurtkracht.houses.models import House

    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        from buurtkracht.networks.models import Network

        return set(Network.objects.values_list("pk", flat=True))
    access = access_for(user)
    ids = access.network_ids(NETWORK_READERS | HOUSE_STAFF)
    houses = access.house_ids(HOUSE_STAFF)
    if houses:
        ids |= set(House.networks.through.objects.filter(house_id__in=houses).values_list("network_id", flat=True))
    return ids


def needs_visible_to(user):
    return SpaceNeed.objects.filter(
        initiative__network_id__in=visible_network_ids(user), initiative__status=Initiative.Status.CONFIRMED
    )


def get_need_for_user(user, pk, *, perm: str | None = "matching.need:view") -> SpaceNeed:
    need = needs_visible_to(user).select_related("initiative__network", "initiative__area",
                                                 "initiative__organisation").filter(pk=_bounded(pk)).first()  # fmt: skip
    if need is None:
        raise Http404
    if perm:
        require(user, perm, need)
    return need


def proposals_visible_to(user):
    if user.is_superuser:
        return Proposal.objects.all()
    access = access_for(user)
    return Proposal.objects.filter(
        Q(need__initiative__network_id__in=access.network_ids(NETWORK_READERS))
        | access.house_q(HOUSE_STAFF, prefix="house__")
    ).distinct()


def get_proposal_for_user(user, pk, *, perm: str | None = "matching.proposal:view") -> Proposal:
    proposal = (
        proposals_visible_to(user)
        .select_related("need__initiative__network", "house", "room", "series")
        .filter(pk=_bounded(pk))
        .first()
    )
    if proposal is None:
        raise Http404
    if perm:
        require(user, perm, proposal)
    return proposal


def get_initiative_by_token(token: str) -> Initiative:
    initiative = initiative_from_token(token)
    if initiative is None or initiative.status != Initiative.Status.CONFIRMED:
        raise Http404
    return initiative


def contact_visible(user, initiative) -> bool:
    return has_perm(user, "matching.initiative:contact", initiative)
