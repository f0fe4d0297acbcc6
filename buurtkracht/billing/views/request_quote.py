"""The price shown inside the booking request flow and on a booking (issue #4): per date and in total, with the
list price, the discount of the renter category, VAT and the free hours used.

Bookings never imports this module: its templates include ``billing/_request_quote.html`` (through the
``request_quote`` and ``series_quote`` tags of ``billing/templatetags/billing.py``) only when billing is
installed, and the check page refreshes the price with HTMX from :func:`quote_fragment` when a date is ticked
or unticked. Both paths go through :func:`request_quote_context`, which checks the permission:
the person may request a booking at the house, and may book for the organisation (its contact, or house staff).
"""

from __future__ import annotations

from datetime import date, time

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from buurtkracht.accounts.permissions import has_perm, require
from buurtkracht.billing.getters import get_house_for_user
from buurtkracht.billing.services.quotes import MAX_QUOTE_DATES, quote, slots_on

TEMPLATE = "billing/_request_quote.html"
MAX_ID = 2**63 - 1
OPEN_TABLE_UP_TO = 6
"""Up to this many dates the table per date is open; a longer series shows its totals first."""


def _organisations_for(user, house):
    from buurtkracht.bookings.getters import organisations_to_book_for

    return organisations_to_book_for(user, house)


def request_quote_context(
    user, *, house, room, organisation, days, start_time: time, end_time: time, seasonal: bool
) -> dict:
    """Context of ``billing/_request_quote.html`` for booking ``room`` on ``days`` from ``start_time`` to
    ``end_time`` (an end at or before the start is the next morning). Raises ``PermissionDenied`` unless the
    person may request at the house and book for ``organisation``."""
    require(user, "billing.quote:view", house)
    require(user, "bookings.booking:request", house)
    if organisation is not None and not _organisations_for(user, house).filter(pk=organisation.pk).exists():
        raise PermissionDenied("billing.quote:organisation")
    days = sorted(set(days))
    context = {"house": house, "room": room, "organisation": organisation, "quote": None, "days": days}
    if not days:
        return context
    result = quote(
        house=house,
        room=room,
        slots=slots_on(house, days, start_time, end_time),
        organisation=organisation,
        seasonal=seasonal,
    )
    context.update(quote=result, open_table=len(result.dates) <= OPEN_TABLE_UP_TO)
    return context


def series_quote_context(user, series) -> dict | None:
    """The price of the dates of ``series`` that wait for a decision (requested or held as an option), for the
    person who asked or the house staff; None for everyone else or when nothing waits."""
    from django.utils import timezone

    from buurtkracht.billing.models import SeriesTerms

    if not has_perm(user, "bookings.series:change", series):
        return None
    pending = list(
        series.occurrences.filter(status__in=("requested", "provisional"), end__gt=timezone.now())
        .select_related("room")
        .order_by("start")
    )
    if not pending:
        return None
    terms = SeriesTerms.objects.filter(series=series).first()
    category = terms.category_override if terms and terms.category_override else None
    extras = tuple(terms.extras or ()) if terms else ()
    quotes = []
    for room in {o.room_id: o.room for o in pending}.values():
        quotes.append(
            quote(
                house=series.house,
                room=room,
                slots=[(o.start, o.end) for o in pending if o.room_id == room.pk],
                organisation=series.organisation,
                category=category,
                extras=extras,
                seasonal=series.kind != "one_off",
            )
        )
    return {
        "shown": True,
        "house": series.house,
        "series": series,
        "quotes": quotes,
        "open_table": len(pending) <= OPEN_TABLE_UP_TO,
        "can_manage": has_perm(user, "billing.house:manage", series.house),
    }


def _bounded_id(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) <= MAX_ID:
        raise ValueError(value)
    return int(value)


def _parse(query) -> dict:
    """The fragment's parameters: ``zaal``, ``organisatie`` (optional), ``van``, ``tot`` (HH:MM), ``reeks``
    (1 for a repeating booking) and ``houden`` (the dates that will be booked, as on the check page)."""
    days = query.getlist("houden")
    if len(days) > MAX_QUOTE_DATES:
        raise ValueError("too many dates")
    return {
        "room_id": _bounded_id(query.get("zaal", "")),
        "organisation_id": _bounded_id(query["organisatie"]) if query.get("organisatie") else None,
        "start_time": time.fromisoformat(query.get("van", "")),
        "end_time": time.fromisoformat(query.get("tot", "")),
        "seasonal": query.get("reeks") == "1",
        "days": [date.fromisoformat(d) for d in days],
    }


@login_required
@require_GET
def quote_fragment(request, slug: str):
    """The price block of the booking check page, for HTMX (``hx-get`` with the ticked dates)."""
    house = get_house_for_user(request.user, slug, perm="billing.quote:view")
    try:
        params = _parse(request.GET)
    except (ValueError, TypeError):
        return HttpResponseBadRequest("Bad parameters.")
    room = house.rooms.bookable().filter(pk=params["room_id"]).first()
    if room is None:
        raise Http404("No such room.")
    organisation = None
    if params["organisation_id"] is not None:
        organisation = _organisations_for(request.user, house).filter(pk=params["organisation_id"]).first()
        if organisation is None:
            raise PermissionDenied("billing.quote:organisation")
    try:
        context = request_quote_context(
            request.user, house=house, room=room, organisation=organisation, days=params["days"],
            start_time=params["start_time"], end_time=params["end_time"], seasonal=params["seasonal"],
        )  # fmt: skip
    except ValidationError:
        return HttpResponseBadRequest("Bad parameters.")
    response = render(request, TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
