"""Pages around bookings: what waits for a manager, an organisation's bookings, the trust list,
calendar feeds (and the public feed itself), and importing an .ics file."""

from __future__ import annotations

import base64
from itertools import groupby

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buurtkracht.accounts.permissions import access_for, has_perm, require
from buurtkracht.accounts.roles import HOUSE_STAFF, ORGANISATION_EDITORS
from buurtkracht.bookings.forms import FeedForm, ImportForm, TrustForm, apply_service_errors
from buurtkracht.bookings.getters import get_feed_for_user, get_organisation_for_user
from buurtkracht.bookings.models import ICalFeed, Occurrence, TrustedOrganisation
from buurtkracht.bookings.services import approval, feeds, ical, ics_import
from buurtkracht.bookings.services.describe import moment_words
from buurtkracht.houses.getters import get_house_for_user, get_room_for_user
from buurtkracht.houses.models import House, Room
from buurtkracht.organisations.models import Organisation

IMPORT_SESSION_LIMIT = 1024 * 1024
PRICED_GROUPS = 50
"""The approval list prices this many bookings (a quote each); the rest show their price on their own page."""


@login_required
def approvals(request):
    require(request.user, "bookings.approvals:view")
    rows = list(approval.waiting_for(request.user))
    groups = []
    for _series_id, items in groupby(rows, key=lambda o: o.series_id):
        items = list(items)
        first = items[0]
        groups.append(
            {
                "series": first.series,
                "house": first.house,
                "room": first.room,
                "organisation": first.organisation,
                "count": len(items),
                "first": moment_words(first.start, first.end, first.house.time_zone),
                "options": sum(1 for o in items if o.status == Occurrence.Status.PROVISIONAL),
            }
        )
    context = {
        "groups": groups,
        "count": len(rows),
        "show_price": apps.is_installed("buurtkracht.billing"),
        "priced_groups": PRICED_GROUPS,
    }
    return render(request, "bookings/approvals.html", context)


@login_required
def organisation_bookings(request, organisation_id: int):
    organisation = get_organisation_for_user(request.user, organisation_id, perm="bookings.organisation:view_bookings")
    occurrences = (
        Occurrence.objects.visible_to(request.user)
        .filter(organisation=organisation, end__gt=timezone.now())
        .select_related("series", "room", "house")
        .order_by("start")[:300]
    )
    rows = [{"occurrence": o, "words": moment_words(o.start, o.end, o.house.time_zone)} for o in occurrences]
    context = {
        "organisation": organisation,
        "rows": rows,
        "can_feeds": has_perm(request.user, "bookings.feed:manage", organisation),
    }
    return render(request, "bookings/organisation_bookings.html", context)


@login_required
def trust_list(request, house_slug: str):
    house = get_house_for_user(request.user, house_slug, perm="bookings.trust:change")
    trusted = TrustedOrganisation.objects.filter(house=house).select_related("organisation")
    candidates = (
        Organisation.objects.visible_to(request.user)
        .filter(is_active=True)
        .exclude(pk__in=trusted.values("organisation_id"))
    )
    form = TrustForm(request.POST or None, organisations=candidates)
    if request.method == "POST":
        remove = request.POST.get("verwijderen")
        if remove:
            entry = trusted.filter(organisation_id=int(remove) if remove.isdigit() else 0).first()
            if entry is None:
                raise Http404("Not on the list.")
            approval.distrust(house=house, organisation=entry.organisation, actor=request.user)
            messages.success(request, _("%(name)s is no longer trusted.") % {"name": entry.organisation.name})
            return redirect("bookings:trust", house_slug=house.slug)
        if form.is_valid():
            approval.trust(house=house, organisation=form.cleaned_data["organisation"], actor=request.user)
            messages.success(
                request,
                _("Requests of %(name)s are now approved at once.") % {"name": form.cleaned_data["organisation"].name},
            )
            return redirect("bookings:trust", house_slug=house.slug)
    return render(request, "bookings/trust_list.html", {"house": house, "trusted": trusted, "form": form})


def _feed_scopes(user) -> list[tuple[str, str]]:
    access = access_for(user)
    if user.is_superuser:
        houses = House.objects.all()
        organisations = Organisation.objects.all()
    else:
        houses = House.objects.manageable_by(user, HOUSE_STAFF)
        organisations = Organisation.objects.filter(pk__in=access.organisation_ids(ORGANISATION_EDITORS))
    scopes = []
    for house in houses.order_by("name").prefetch_related("rooms")[:200]:
        scopes.append((f"house:{house.pk}", _("House: %(name)s") % {"name": house.name}))
        for room in house.rooms.all():
            scopes.append((f"room:{room.pk}", _("Room: %(name)s") % {"name": str(room)}))
    for organisation in organisations.order_by("name")[:200]:
        scopes.append((f"organisation:{organisation.pk}", _("Organisation: %(name)s") % {"name": organisation.name}))
    return scopes


def _scope_object(user, value: str):
    kind, _sep, pk = value.partition(":")
    if not pk.isdigit():
        raise Http404("Unknown calendar.")
    if kind == "house":
        house = House.objects.manageable_by(user, HOUSE_STAFF).filter(pk=int(pk)).first()
        return house
    if kind == "room":
        return get_room_for_user(user, int(pk))
    if kind == "organisation":
        return get_organisation_for_user(user, int(pk))
    raise Http404("Unknown calendar.")


def _feed_url(request, raw: str) -> str:
    return request.build_absolute_uri(reverse("bookings:ical_feed", args=[raw]))


@login_required
def feed_list(request):
    scopes = _feed_scopes(request.user)
    if not scopes:
        raise PermissionDenied("bookings.feed:manage")
    form = FeedForm(request.POST or None, scopes=scopes)
    new_url = request.session.pop("bookings_new_feed_url", "")
    if request.method == "POST" and form.is_valid():
        scope = _scope_object(request.user, form.cleaned_data["scope"])
        if scope is None:
            raise Http404("Unknown calendar.")
        require(request.user, "bookings.feed:manage", scope)
        show_details = form.cleaned_data["show_details"]
        try:
            feed, raw = feeds.create_feed(actor=request.user, scope=scope, name=form.cleaned_data["name"],
                                          show_details=show_details)  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            request.session["bookings_new_feed_url"] = _feed_url(request, raw)
            messages.success(request, _("The calendar link is ready. Copy it now: we show it only once."))
            return redirect("bookings:feeds")
    mine = [
        f
        for f in ICalFeed.objects.active().select_related("room__house", "house", "organisation")
        if has_perm(request.user, "bookings.feed:manage", f.scope)
    ]
    return render(request, "bookings/feeds.html", {"form": form, "feeds": mine, "new_url": new_url})


@login_required
@require_POST
def feed_revoke(request, feed_id: int):
    feed = get_feed_for_user(request.user, feed_id)
    feeds.revoke_feed(feed, actor=request.user)
    messages.success(request, _("The calendar link no longer works."))
    return redirect("bookings:feeds")


@require_GET
def ical_feed(request, token: str):
    """The subscription itself: no login, the unguessable token is the key. Revoked tokens get 404."""
    feed = feeds.feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    tag = f'"{ical.etag(feed)}"'
    if request.headers.get("If-None-Match") == tag:
        return HttpResponseNotModified()
    response = HttpResponse(ical.render(feed), content_type="text/calendar; charset=utf-8")
    response["ETag"] = tag
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="buurtkracht.ics"'
    return response


@login_required
def import_ics(request, house_slug: str):
    house = get_house_for_user(request.user, house_slug, perm="bookings.booking:import")
    rooms = Room.objects.filter(house=house).bookable()
    form = ImportForm(request.POST or None, request.FILES or None, rooms=rooms)
    key = f"bookings_import_{house.pk}"
    stored = request.session.get(key)
    preview, room = None, None
    if request.method == "POST" and request.POST.get("bevestigen") and stored:
        room = rooms.filter(pk=stored["room"]).first()
        if room is None:
            raise Http404("No such room.")
        try:
            created = ics_import.import_file(data=base64.b64decode(stored["data"]), room=room, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            request.session.pop(key, None)
            messages.success(request, _("%(count)s bookings imported.") % {"count": len(created)})
            return redirect("bookings:room_week", room_id=room.pk)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        room = form.cleaned_data["room"]
        if upload.size > IMPORT_SESSION_LIMIT:
            form.add_error("file", _("This file is too large. A calendar file can be 1 MB at most."))
        else:
            data = upload.read()
            try:
                preview = ics_import.preview(data=data, room=room, viewer=request.user)
            except ValidationError as error:
                apply_service_errors(form, error)
                request.session.pop(key, None)
            else:
                request.session[key] = {"room": room.pk, "data": base64.b64encode(data).decode()}
    context = {"house": house, "form": form, "preview": preview, "room": room}
    return render(request, "bookings/import.html", context)
