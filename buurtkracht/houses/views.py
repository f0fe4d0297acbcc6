"""Pages of a community centre: the public page and the management pages. Thin: getter → form →
service → redirect (or an HTMX partial)."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buurtkracht.accounts.models import Membership
from buurtkracht.accounts.permissions import has_perm
from buurtkracht.core.models import LogEntry
from buurtkracht.houses import services
from buurtkracht.houses.display import neighbourhood, photo_size, room_views, week_hours
from buurtkracht.houses.forms import (
    ClosureForm,
    HouseCreateForm,
    HouseForm,
    OpeningHoursForm,
    RoomForm,
    apply_service_errors,
    networks_for_creating,
)
from buurtkracht.houses.getters import get_closure_for_house, get_house_for_user, get_room_for_user
from buurtkracht.houses.models import House
from buurtkracht.networks.getters import get_network_for_user
from buurtkracht.networks.models import Network

HISTORY_PAGE_SIZE = 25


def _today(house: House):
    return timezone.now().astimezone(zoneinfo.ZoneInfo(house.time_zone)).date()


def _can(user, house: House) -> dict:
    return {
        "can_change": has_perm(user, "houses.house:change", house),
        "can_rooms": has_perm(user, "houses.room:change", house),
        "can_closures": has_perm(user, "houses.closure:change", house),
        "can_history": has_perm(user, "houses.house:view_history", house),
        "can_manage": has_perm(user, "houses.house:view_manage", house),
    }


# --- Public page -------------------------------------------------------------------------------------


def public_detail(request, slug: str):
    house = get_house_for_user(
        request.user, slug, queryset=House.objects.select_related("area__parent", "municipality")
    )
    rooms = room_views(house)
    accessibility_facilities = {}
    for view in rooms:
        for facility in view.facilities:
            if facility.kind == facility.Kind.ACCESSIBILITY:
                accessibility_facilities[facility.pk] = facility
    context = {
        "house": house,
        "rooms": rooms,
        "hours": week_hours(house.opening_hours.filter(room__isnull=True)),
        "closures": house.closures.filter(end_date__gte=_today(house), room__isnull=True)[:10],
        "accessibility_facilities": sorted(accessibility_facilities.values(), key=lambda f: (f.sort_order, f.code)),
        "networks": Network.objects.visible_to(request.user).filter(houses=house).order_by("name"),
        "neighbourhood": neighbourhood(house),
        "photo_size": photo_size(house),
        "can_manage": has_perm(request.user, "houses.house:view_manage", house),
    }
    return render(request, "houses/public_detail.html", context)


# --- Management --------------------------------------------------------------------------------------


@login_required
def manage(request, slug: str):
    house = get_house_for_user(
        request.user,
        slug,
        perm="houses.house:view_manage",
        queryset=House.objects.select_related("area", "municipality"),
    )
    can = _can(request.user, house)
    today = _today(house)
    creatable = networks_for_creating(request.user).filter(houses=house).first() if can["can_change"] else None
    context = {
        "house": house,
        "rooms": room_views(house),
        "hours": week_hours(house.opening_hours.filter(room__isnull=True)),
        "closures": house.closures.filter(end_date__gte=today).select_related("room")[:10],
        "people": Membership.objects.filter(house=house).select_related("user").order_by("role", "user__name"),
        "networks": house.networks.order_by("name"),
        "history": (LogEntry.objects.for_house(house.pk).select_related("actor")[:5] if can["can_history"] else []),
        "create_network": creatable,
        # bookings pages are linked by URL name only: houses does not import bookings
        "can_approve_bookings": has_perm(request.user, "bookings.booking:approve", house),
        "can_change_trust": has_perm(request.user, "bookings.trust:change", house),
        **can,
    }
    return render(request, "houses/manage.html", context)


@login_required
def edit(request, slug: str):
    house = get_house_for_user(
        request.user, slug, perm="houses.house:change", queryset=House.objects.select_related("municipality")
    )
    form = HouseForm(request.POST or None, request.FILES or None, house=house)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return redirect("houses:manage", slug=house.slug)
        try:
            services.update_house(house, actor=request.user, **changes)
        except ValidationError as exc:
            house.refresh_from_db()
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The details of %(house)s are saved.") % {"house": house.name})
            if "postcode" in changes and house.position_from_postcode:
                messages.info(request, _("We estimated the position and the district from the new postcode."))
            return redirect("houses:manage", slug=house.slug)
    return render(request, "houses/house_form.html", {"house": house, "form": form})


@login_required
def create(request):
    networks = networks_for_creating(request.user)
    wanted = request.GET.get("netwerk") or ""
    initial = {}
    if wanted:
        initial["network"] = get_network_for_user(request.user, wanted[:80], perm="houses.house:create")
    elif not networks.exists():
        raise PermissionDenied("houses.house:create")
    form = HouseCreateForm(request.POST or None, initial=initial, networks=networks)
    if request.method == "POST" and form.is_valid():
        network = form.cleaned_data["network"]
        try:
            house = services.create_house(
                actor=request.user, name=form.cleaned_data["name"], networks=[network], **form.values()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(house)s has been added.") % {"house": house.name})
            return redirect("houses:manage", slug=house.slug)
    return render(request, "houses/house_create.html", {"form": form})


@login_required
def room_create(request, slug: str):
    house = get_house_for_user(request.user, slug, perm="houses.room:change")
    form = RoomForm(request.POST or None, house=house)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            room = services.create_room(house, actor=request.user, **values)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The room %(room)s has been added.") % {"room": room.name})
            return redirect("houses:manage", slug=house.slug)
    return render(request, "houses/room_form.html", {"house": house, "form": form, "room": None})


@login_required
def room_edit(request, slug: str, room_id: int):
    house = get_house_for_user(request.user, slug)
    room = get_room_for_user(request.user, room_id, house=house, perm="houses.room:change")
    form = RoomForm(request.POST or None, instance=room, house=house)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            services.update_room(room, actor=request.user, **values)
        except ValidationError as exc:
            room.refresh_from_db()
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The room %(room)s is saved.") % {"room": room.name})
            return redirect("houses:manage", slug=house.slug)
    return render(request, "houses/room_form.html", {"house": house, "form": form, "room": room})


@login_required
@require_http_methods(["GET", "POST"])
def room_delete(request, slug: str, room_id: int):
    house = get_house_for_user(request.user, slug)
    room = get_room_for_user(request.user, room_id, house=house, perm="houses.room:change")
    error = ""
    if request.method == "POST":
        name = room.name
        try:
            services.delete_room(room, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The room %(room)s has been deleted.") % {"room": name})
            return redirect("houses:manage", slug=house.slug)
    parts = list(room.parts.order_by("name"))
    status = 422 if error else 200
    return render(
        request,
        "houses/room_delete.html",
        {"house": house, "room": room, "parts": parts, "error": error},
        status=status,
    )


@login_required
def opening_hours(request, slug: str):
    house = get_house_for_user(request.user, slug, perm="houses.house:change")
    form = OpeningHoursForm(request.POST or None, house=house)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_opening_hours(house, actor=request.user, periods=form.periods)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The opening hours are saved."))
            return redirect("houses:manage", slug=house.slug)
    return render(request, "houses/opening_hours_form.html", {"house": house, "form": form})


def _closure_context(house: House, form: ClosureForm) -> dict:
    today = _today(house)
    closures = house.closures.select_related("room")
    return {
        "house": house,
        "form": form,
        "upcoming": closures.filter(end_date__gte=today).order_by("start_date"),
        "past": closures.filter(end_date__lt=today).order_by("-start_date")[:10],
    }


@login_required
def closures(request, slug: str):
    house = get_house_for_user(request.user, slug, perm="houses.closure:change")
    form = ClosureForm(request.POST or None, house=house)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_closure(
                house,
                actor=request.user,
                start_date=data["start_date"],
                end_date=data["end_date"],
                reason=data["reason"],
                room=data["room"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The closure has been added."))
            return redirect("houses:closures", slug=house.slug)
    return render(request, "houses/closures.html", _closure_context(house, form))


@login_required
@require_http_methods(["GET", "POST"])
def closure_remove(request, slug: str, closure_id: int):
    house = get_house_for_user(request.user, slug, perm="houses.closure:change")
    closure = get_closure_for_house(house, closure_id)
    if request.method == "GET":
        return render(request, "houses/closure_remove.html", {"house": house, "closure": closure})
    services.remove_closure(closure, actor=request.user)
    if request.htmx:
        context = _closure_context(house, ClosureForm(house=house))
        context["status_message"] = _("The closure has been removed.")
        return render(request, "houses/_closure_list.html", context)
    messages.success(request, _("The closure has been removed."))
    return redirect("houses:closures", slug=house.slug)


@login_required
def history(request, slug: str):
    house = get_house_for_user(request.user, slug, perm="houses.house:view_history")
    entries = LogEntry.objects.for_house(house.pk).select_related("actor")
    page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "houses/history.html", {"house": house, "page": page})
