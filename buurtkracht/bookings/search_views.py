"""Pages for the free-space search (public: anyone searches the public houses, people with a role also
their own) and for occupancy (house readers). Thin: form → service → template; HTMX gets the fragment."""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtkracht.bookings import occupancy
from buurtkracht.bookings.search import distance_words, reason_words, search
from buurtkracht.bookings.search.forms import SearchForm
from buurtkracht.houses.getters import get_house_for_user
from buurtkracht.houses.models import Facility
from buurtkracht.lib import ratelimit
from buurtkracht.networks.models import Network

PAGE_SIZE = 25
MAX_PAGE = 200


def request_link(result, req) -> str:
    """The address of the booking request for this room, date and time (the request pages read ``zaal``,
    ``datum`` and ``tijd``; ``eind``, ``herhalen`` and ``weken`` carry the rest of the slot)."""
    params = {
        "zaal": result.room_id,
        "datum": req.dates[0].isoformat(),
        "tijd": result.start_time.strftime("%H:%M"),
        "eind": result.end_time.strftime("%H:%M"),
    }
    if req.weekly:
        params.update(herhalen="weekly", weken=len(req.dates))
    return reverse("bookings:request", args=[result.house_slug]) + "?" + urlencode(params)


def _rows(result) -> list[dict]:
    rows = []
    for item in result.results:
        rows.append(
            {
                "result": item,
                "distance": distance_words(item.distance_km),
                "house_url": reverse("houses:public_detail", args=[item.house_slug]),
                "request_url": request_link(item, result.request),
                "not_free": [
                    {"day": item_day.day, "date": date_format(item_day.day, "l j F Y"), "why": reason_words(item_day)}
                    for item_day in item.not_free
                ],
                "other_time": (item.start_time, item.end_time) != (result.request.start_time, _end(result.request)),
            }
        )
    return rows


def _end(req):
    from buurtkracht.bookings.search.request import minutes, time_at

    return time_at(minutes(req.start_time) + req.duration_minutes)


def _page(request) -> int:
    try:
        return min(max(int(request.GET.get("pagina", 1)), 1), MAX_PAGE)
    except ValueError:
        return 1


@ratelimit.limited("bookings.search", setting="RATELIMIT_SEARCH_PER_MINUTE", window=60)
def search_page(request):
    networks = list(Network.objects.visible_to(request.user).order_by("name"))
    facilities = list(Facility.objects.order_by("sort_order", "code"))
    data = None
    if request.GET:
        data = request.GET.copy()
        for name in ("radius_km", "country"):  # selects without a choice keep their default, not the first option
            if not data.get(name):
                data[name] = str(SearchForm.base_fields[name].initial)
    form = SearchForm(data, networks=networks, facilities=facilities)
    result = None
    page = _page(request)
    valid = True
    if form.is_bound:
        valid = form.is_valid()
        if valid:
            result = search(form.request, user=request.user, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    more_url = ""
    if result is not None and result.count > page * PAGE_SIZE:
        params = request.GET.copy()
        params["pagina"] = page + 1
        more_url = "?" + params.urlencode()
    context = {
        "form": form,
        "result": result,
        "rows": _rows(result) if result else [],
        "page": page,
        "first_number": (page - 1) * PAGE_SIZE + 1,
        "more_url": more_url,
        "dates": [date_format(d, "l j F Y") for d in result.request.dates] if result else [],
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "bookings/search/_results.html", context)
    else:
        response = render(request, "bookings/search/search.html", context, status=200 if valid else 400)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def occupancy_page(request, house_slug: str):
    house = get_house_for_user(request.user, house_slug, perm="houses.house:view_manage")
    period = occupancy.PERIOD_WORDS.get(request.GET.get("periode", ""), "week")
    day = occupancy.parse_day(request.GET.get("datum")) or timezone.now().astimezone(ZoneInfo(house.time_zone)).date()
    report = occupancy.house_occupancy(house, period, day)
    context = {"house": house, "report": report, "links": _period_links(report)}
    template = "bookings/occupancy/_report.html" if request.htmx else "bookings/occupancy/house.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _period_links(report) -> dict:
    def url(period: str, day) -> str:
        return "?" + urlencode({"periode": occupancy.PERIOD_PARAMS[period], "datum": day.isoformat()})

    labels = {"week": _("Week"), "month": _("Month"), "year": _("Year")}
    return {
        "periods": [
            {"url": url(p, report.start), "label": labels[p], "current": p == report.period} for p in occupancy.PERIODS
        ],
        "previous": url(report.period, report.previous),
        "next": url(report.period, report.following),
    }
