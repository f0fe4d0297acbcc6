"""Permission rules for bookings.

Objects: a ``House`` (request, approve, import, trust list, calendar), a ``BookingSeries`` (view, change),
an ``Organisation`` (book for it, its bookings, its feeds), a ``Room`` (its feeds).

Decisions: any logged-in person who can see a house may request a one-off booking there (a family party);
repeating bookings need an organisation or a house role (checked in the forms and the API). Requests
occupy the room until a manager decides (bookings.md §7). House staff (manager, volunteer, network
coordinator) approve and decline; managers and coordinators keep the trust list.
"""

from buurtkracht.accounts.permissions import access_for, roles_on_house, rule
from buurtkracht.accounts.roles import HOUSE_EDITORS, HOUSE_READERS, HOUSE_STAFF, ORGANISATION_EDITORS


def _house_visible(user, house) -> bool:
    from buurtkracht.houses.models import House

    return House.objects.visible_to(user).filter(pk=house.pk).exists()


@rule("bookings.booking:request", "bookings.calendar:view")
def can_request(user, house) -> bool:
    return house is not None and _house_visible(user, house)


@rule("bookings.booking:approve", "bookings.booking:import")
def can_approve(user, house) -> bool:
    return bool(roles_on_house(user, house) & HOUSE_STAFF)


@rule("bookings.calendar:view_details")
def can_see_details(user, house) -> bool:
    return bool(roles_on_house(user, house) & HOUSE_READERS)


@rule("bookings.trust:change")
def can_change_trust(user, house) -> bool:
    return bool(roles_on_house(user, house) & HOUSE_EDITORS)


@rule("bookings.approvals:view")
def can_see_approvals(user, obj) -> bool:
    access = access_for(user)
    return bool(access.house_ids(HOUSE_STAFF) or access.network_ids(HOUSE_STAFF))


@rule("bookings.series:view")
def can_view_series(user, series) -> bool:
    if series.booker_id == user.pk:
        return True
    if series.organisation_id and access_for(user).organisation.get(series.organisation_id):
        return True
    return bool(roles_on_house(user, series.house) & HOUSE_READERS)


@rule("bookings.series:change")
def can_change_series(user, series) -> bool:
    if series.booker_id == user.pk:
        return True
    if (
        series.organisation_id
        and access_for(user).organisation.get(series.organisation_id, set()) & ORGANISATION_EDITORS
    ):
        return True
    return bool(roles_on_house(user, series.house) & HOUSE_STAFF)


@rule("bookings.organisation:book_for")
def can_book_for(user, organisation) -> bool:
    return bool(access_for(user).organisation.get(organisation.pk, set()) & ORGANISATION_EDITORS)


@rule("bookings.organisation:view_bookings")
def can_view_organisation_bookings(user, organisation) -> bool:
    from buurtkracht.organisations.models import Organisation

    return Organisation.objects.visible_to(user).filter(pk=organisation.pk).exists()


@rule("bookings.feed:manage")
def can_manage_feeds(user, scope) -> bool:
    from buurtkracht.houses.models import House, Room
    from buurtkracht.organisations.models import Organisation

    if isinstance(scope, Room):
        scope = scope.house
    if isinstance(scope, House):
        return bool(roles_on_house(user, scope) & HOUSE_STAFF)
    if isinstance(scope, Organisation):
        return bool(access_for(user).organisation.get(scope.pk, set()) & ORGANISATION_EDITORS)
    return False
