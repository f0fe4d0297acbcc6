"""Fetch houses and rooms for a person: 404 when they may not even see it, 403 when they see it but may
not do ``perm`` on it. Views and the API use only these (never ``Model.objects.get`` with a raw key)."""

from __future__ import annotations

from django.http import Http404

from buurtkracht.accounts.permissions import require
from buurtkracht.houses.models import Closure, House, Room

MAX_ID = 2**63 - 1


def get_house_for_user(user, slug: str, *, perm: str | None = None, queryset=None) -> House:
    base = queryset if queryset is not None else House.objects.all()
    house = base.filter(pk__in=House.objects.visible_to(user).values("pk"), slug=slug).first()
    if house is None:
        raise Http404("No such community centre.")
    if perm:
        require(user, perm, house)
    return house


def get_room_for_user(user, room_id: int, *, house: House | None = None, perm: str | None = None) -> Room:
    """The room with ``room_id`` (of ``house`` when given); the permission is checked on its house."""
    if not 0 < int(room_id) <= MAX_ID:
        raise Http404("No such room.")
    rooms = Room.objects.visible_to(user).select_related("house", "parent")
    if house is not None:
        rooms = rooms.filter(house=house)
    room = rooms.filter(pk=room_id).first()
    if room is None:
        raise Http404("No such room.")
    if perm:
        require(user, perm, room.house)
    return room


def get_closure_for_house(house: House, closure_id: int) -> Closure:
    """A closure of a house the caller already fetched (and checked) with :func:`get_house_for_user`."""
    if not 0 < int(closure_id) <= MAX_ID:
        raise Http404("No such closure.")
    closure = house.closures.filter(pk=closure_id).select_related("room").first()
    if closure is None:
        raise Http404("No such closure.")
    return closure
