"""Week calendars for a house (rooms side by side, one table per day) and for a room (days side by side)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from buurtkracht.accounts.permissions import has_perm
from buurtkracht.bookings import display
from buurtkracht.bookings.forms import parse_date
from buurtkracht.houses.getters import get_house_for_user, get_room_for_user


def _monday(request, tz: str):
    try:
        day = parse_date(request.GET.get("datum")) or timezone.now().astimezone(ZoneInfo(tz)).date()
    except Exception:
        day = timezone.now().astimezone(ZoneInfo(tz)).date()
    return display.monday_of(day)


def _view_mode(request) -> str:
    mode = request.GET.get("weergave", "")
    if mode in ("lijst", "tabel"):
        request.session["bookings_view"] = mode
        return mode
    return request.session.get("bookings_view", "")


def _nav(monday) -> dict:
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    return {
        "monday": monday,
        "week_label": display.week_label(monday),
        "previous": previous,
        "previous_label": display.span_label(previous),
        "next": following,
        "next_label": display.span_label(following),
    }


@login_required
def house_week(request, house_slug: str):
    house = get_house_for_user(request.user, house_slug, perm="bookings.calendar:view")
    tz = ZoneInfo(house.time_zone)
    monday = _monday(request, house.time_zone)
    rooms = list(house.rooms.bookable().select_related("parent"))
    entries = display.week_entries(house, rooms, monday, request.user)
    can_request = has_perm(request.user, "bookings.booking:request", house)
    request_url = reverse("bookings:request", args=[house.slug]) if can_request else ""
    hours = display.hours_for(entries)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        days.append((day, display.day_rows(rooms, day, entries, tz=tz, request_url=request_url, hours=hours)))
    context = {
        "house": house,
        "rooms": rooms,
        "days": days,
        "lists": display.day_lists(rooms, monday, entries, tz=tz),
        "mode": _view_mode(request),
        "can_request": can_request,
        "can_approve": has_perm(request.user, "bookings.booking:approve", house),
        **_nav(monday),
    }
    template = "bookings/_house_week.html" if request.htmx else "bookings/house_week.html"
    return render(request, template, context)


@login_required
def room_week(request, room_id: int):
    room = get_room_for_user(request.user, room_id)
    house = room.house
    get_house_for_user(request.user, house.slug, perm="bookings.calendar:view")
    tz = ZoneInfo(house.time_zone)
    monday = _monday(request, house.time_zone)
    entries = display.week_entries(house, [room], monday, request.user)
    can_request = has_perm(request.user, "bookings.booking:request", house) and room.is_bookable
    request_url = reverse("bookings:request", args=[house.slug]) if can_request else ""
    days, rows = display.room_week_rows(room, monday, entries.get(room.pk, []), tz=tz, request_url=request_url)
    context = {
        "house": house,
        "room": room,
        "week_days": days,
        "rows": rows,
        "lists": display.day_lists([room], monday, entries, tz=tz),
        "room_list": [room],
        "mode": _view_mode(request),
        "can_request": can_request,
        **_nav(monday),
    }
    template = "bookings/_room_week.html" if request.htmx else "bookings/room_week.html"
    return render(request, template, context)
