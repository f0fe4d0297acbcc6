import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, Q
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from buurtkracht.accounts.links import invite_url
from buurtkracht.accounts.models import Membership
from buurtkracht.accounts.permissions import has_perm
from buurtkracht.core.models import LogEntry
from buurtkracht.houses.models import Facility, House, Room
from buurtkracht.networks.figures import figures_for
from buurtkracht.networks.forms import NetworkForm, OverviewFilterForm
from buurtkracht.networks.getters import get_network_for_user
from buurtkracht.networks.mapplot import plot
from buurtkracht.networks.models import Area, AreaStatistics
from buurtkracht.networks.services import update_network

HISTORY_LENGTH = 50


def filter_houses(houses, *, area=None, facilities=(), min_capacity=None):
    """The overview's filters on a house QuerySet; shared with the API so both filter alike."""
    if area is not None:
        if area.kind == Area.Kind.MUNICIPALITY:
            houses = houses.filter(Q(municipality=area) | Q(area=area) | Q(area__parent=area))
        else:
            houses = houses.filter(area=area)
    for code in facilities:
        houses = houses.filter(pk__in=Room.objects.filter(facilities__code=code).values("house_id"))
    if min_capacity:
        houses = houses.filter(pk__in=Room.objects.filter(capacity__gte=min_capacity).values("house_id"))
    return houses


def houses_for_overview(houses):
    """Everything a house card needs, in three queries: houses, rooms, room facilities."""
    houses = list(
        houses.select_related("area", "municipality")
        .annotate(largest_room=Max("rooms__capacity"))
        .prefetch_related(Prefetch("rooms", queryset=Room.objects.prefetch_related("facilities")))
        .order_by(Lower("name"), "pk")
    )
    for house in houses:
        found = {facility for room in house.rooms.all() for facility in room.facilities.all()}
        house.facility_list = sorted(found, key=lambda f: (f.sort_order, f.code))
    return houses


def _filter_areas(network, houses) -> list[Area]:
    """The municipalities of the network and the municipalities and districts where its houses lie."""
    areas = (
        Area.objects.filter(
            Q(pk__in=houses.values("area_id")) | Q(pk__in=houses.values("municipality_id")) | Q(networks=network)
        )
        .select_related("parent")
        .distinct()
    )
    return sorted(areas, key=lambda a: (a.kind != Area.Kind.MUNICIPALITY, a.name))


def overview(request, slug: str):
    network = get_network_for_user(request.user, slug)
    visible = network.houses.visible_to(request.user)
    # Only facilities that some house of the network has: a checkbox that can only empty the list helps nobody.
    facilities = list(Facility.objects.filter(rooms__house__in=visible).distinct().order_by("sort_order", "code"))
    form = OverviewFilterForm(request.GET or None, areas=_filter_areas(network, visible), facilities=facilities)
    valid = form.is_valid() if form.is_bound else True
    houses = houses_for_overview(filter_houses(visible, **form.filters()))
    show_map = request.GET.get("map") == "1"
    municipalities = list(
        network.areas.order_by("name").prefetch_related(
            Prefetch("statistics", queryset=AreaStatistics.objects.order_by("-year"))
        )
    )
    params = request.GET.copy()
    params["map"] = "1"
    map_on = params.urlencode()
    params.pop("map")
    context = {
        "network": network,
        "form": form,
        "houses": houses,
        "show_map": show_map,
        "map": plot(houses, places=municipalities) if show_map else None,
        "map_on_query": map_on,
        "map_off_query": params.urlencode(),
        "can_manage": has_perm(request.user, "networks.network:view_manage", network),
    }
    if request.htmx and not request.htmx.history_restore_request:
        # A filter change while typing: the new list, with the count announced in the live region. Errors
        # come back in the fragment (htmx does not swap 4xx answers); the plain form gets a 400.
        response = render(request, "networks/_results.html", context)
    else:
        figures = [f for f in (figures_for(area) for area in municipalities) if f is not None]
        context["figures"] = figures
        context["figure_attribution"] = ", ".join(sorted({f.attribution for f in figures}))
        context["figure_sources"] = sorted({source for f in figures for source in f.sources})
        response = render(request, "networks/overview.html", context, status=200 if valid else 400)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def manage(request, slug: str):
    network = get_network_for_user(request.user, slug, perm="networks.network:view_manage")
    houses = (
        House.objects.filter(networks=network)
        .select_related("area", "municipality")
        .annotate(room_count=Count("rooms", distinct=True), largest_room=Max("rooms__capacity"))
        .order_by(Lower("name"))
    )
    houses = list(houses)
    people = (
        Membership.objects.filter(network=network).select_related("user").order_by("role", "user__name", "user__email")
    )
    show_history = has_perm(request.user, "networks.network:view_history", network)
    history = LogEntry.objects.for_network(network.pk).select_related("actor")[:HISTORY_LENGTH] if show_history else []
    context = {
        "network": network,
        "houses": houses,
        "counts": {
            "houses": len(houses),
            "public_houses": sum(1 for h in houses if h.is_public),
            "rooms": sum(h.room_count for h in houses),
            "organisations": network.organisations.count(),
        },
        "people": people,
        "history": history,
        "show_history": show_history,
        "can_change": has_perm(request.user, "networks.network:change", network),
        "can_create_house": has_perm(request.user, "houses.house:create", network),
        "can_import": has_perm(request.user, "networks.network:import_houses", network),
        "invite_url": invite_url(network) if has_perm(request.user, "networks.network:invite", network) else "",
    }
    return render(request, "networks/manage.html", context)


@login_required
def edit(request, slug: str):
    network = get_network_for_user(request.user, slug, perm="networks.network:change")
    # The form works on a copy: a refused form must not change the network shown in the page's title.
    form = NetworkForm(request.POST or None, instance=copy.copy(network))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_network(
                network,
                actor=request.user,
                areas=data["municipalities"],
                **{field: data[field] for field in NetworkForm.Meta.fields},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The details of the network are saved."))
            return redirect("networks:manage", network.slug)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "networks/edit.html", {"network": network, "form": form}, status=status)
