"""Fetch bookings for a person: 404 when they may not see it at all, 403 when they see it but may not do
``perm``. Views and the API use only these."""

from __future__ import annotations

from django.http import Http404

from buurtkracht.accounts.permissions import has_perm, require
from buurtkracht.bookings.models import BookingSeries, ICalFeed, Occurrence
from buurtkracht.organisations.models import Organisation

MAX_ID = 2**63 - 1


def _valid(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404("Not found.") from None
    if not 0 < value <= MAX_ID:
        raise Http404("Not found.")
    return value


def get_series_for_user(user, pk, *, perm: str | None = None) -> BookingSeries:
    series = (
        BookingSeries.objects.select_related("house", "room", "organisation", "booker").filter(pk=_valid(pk)).first()
    )
    if series is None or not has_perm(user, "bookings.series:view", series):
        raise Http404("No such booking.")
    if perm:
        require(user, perm, series.house if perm.startswith("bookings.booking:") else series)
    return series


def get_occurrence_for_series(series: BookingSeries, pk) -> Occurrence:
    occurrence = series.occurrences.select_related("room", "series").filter(pk=_valid(pk)).first()
    if occurrence is None:
        raise Http404("No such date.")
    return occurrence


def get_organisation_for_user(user, pk, *, perm: str | None = None) -> Organisation:
    organisation = Organisation.objects.visible_to(user).filter(pk=_valid(pk)).first()
    if organisation is None:
        raise Http404("No such organisation.")
    if perm:
        require(user, perm, organisation)
    return organisation


def get_feed_for_user(user, pk) -> ICalFeed:
    feed = ICalFeed.objects.select_related("room__house", "house", "organisation").filter(pk=_valid(pk)).first()
    if feed is None or not has_perm(user, "bookings.feed:manage", feed.scope):
        raise Http404("No such calendar feed.")
    return feed


def organisations_to_book_for(user, house):
    """Organisations a person may book for: their own (as contact); house staff may book for any
    organisation they can see."""
    from buurtkracht.accounts.permissions import access_for
    from buurtkracht.accounts.roles import ORGANISATION_EDITORS

    if has_perm(user, "bookings.booking:approve", house):
        return Organisation.objects.visible_to(user).filter(is_active=True)
    own = access_for(user).organisation_ids(ORGANISATION_EDITORS)
    return Organisation.objects.filter(pk__in=own, is_active=True)
