"""What each person can act on, gathered for the dashboard from their memberships.

One query per panel (plus one for the memberships themselves, shared with the permission layer), so the
dashboard stays fast for a coordinator of 160 houses: those houses are reached through the network's
management page, not listed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtkracht.accounts.permissions import access_for, has_perm, remember_network_ids

MAX_SUMMARIES = 5
"""Houses on the dashboard with their occupancy figures (a few queries each); the rest link to their page."""


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Figure:
    label: str
    value: str
    url: str | None = None


@dataclass
class Item:
    title: str
    url: str | None = None
    meta: str = ""
    links: list[Link] = field(default_factory=list)
    summary: dict | None = None
    """Occupancy this week and month (``bookings.occupancy.summary_for_house``), for the people who run it."""
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Panel:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""
    intro: str = ""
    links: list[Link] = field(default_factory=list)


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the page belongs to another app that may not offer it (yet)
        return None


def _roles_text(roles) -> str:
    from buurtkracht.accounts.models import Membership

    labels = dict(Membership.Role.choices)
    return ", ".join(str(labels.get(r, r)) for r in sorted(roles)).capitalize()


def _links(*pairs) -> list[Link]:
    return [Link(label, url) for label, url in pairs if url]


def _billing() -> bool:
    return apps.is_installed("buurtkracht.billing")


def _forgone_this_year(user, houses) -> dict[int, object]:
    """Revenue forgone (billing.md §6) so far this year per house, for the houses whose figures ``user`` may read:
    one grouped query."""
    if not _billing():
        return {}
    from django.utils import timezone

    from buurtkracht.billing.services.reports import revenue_forgone

    readable = [h.pk for h in houses if has_perm(user, "billing.house:view_revenue", h)]
    if not readable:
        return {}
    today = timezone.localdate()
    report = revenue_forgone(start=date(today.year, 1, 1), end=today, houses=readable, group_by=("house",))
    found = {row.key["house"]: row.forgone for row in report.rows}
    return {pk: found.get(pk, Decimal("0.00")) for pk in readable}


def _house_panel(user, access) -> Panel | None:
    from buurtkracht.houses.models import House

    if not access.house:
        return None
    houses = list(
        House.objects.filter(pk__in=access.house.keys())
        .only("id", "name", "slug", "city", "time_zone")
        .order_by("name")
    )
    remember_network_ids(houses)  # the permission checks below then cost no query per house
    forgone = _forgone_this_year(user, houses)
    summaries = 0
    items = []
    for house in houses:
        roles = access.house[house.pk]
        links = []
        if "house_manager" in roles:  # the invite permission, without a query per house
            links.append((_("Invite people"), _url("accounts:invite", "house", house.slug)))
        if _billing() and has_perm(user, "billing.house:view", house):
            links.append((_("Invoices and rates"), _url("billing:house_overview", house.slug)))
        item = Item(title=house.name, url=_url("houses:manage", house.slug), meta=_roles_text(roles))
        item.links = _links(*links)
        if summaries < MAX_SUMMARIES and has_perm(user, "houses.house:view_manage", house):
            from buurtkracht.bookings.occupancy import summary_for_house

            item.summary = summary_for_house(house)
            summaries += 1
        if house.pk in forgone:
            from buurtkracht.billing.money import euro

            item.figures.append(
                Figure(
                    _("Revenue forgone this year"),
                    euro(forgone[house.pk]).replace(" ", "\u00a0"),
                    _url("billing:revenue_forgone", house.slug),
                )
            )
        items.append(item)
    return Panel("houses", _("Your community centres"), items)


def _network_panel(user, access) -> Panel | None:
    from buurtkracht.networks.models import Network

    if not access.network:
        return None
    items = []
    for network in Network.objects.filter(pk__in=access.network.keys()).only("id", "name", "slug").order_by("name"):
        roles = access.network[network.pk]
        reads = roles & {"network_coordinator", "municipality_officer"}
        url = _url("networks:manage", network.slug) if reads else _url("networks:overview", network.slug)
        links = []
        if "network_coordinator" in roles:
            links.append((_("Invite people"), _url("accounts:invite", "network", network.slug)))
            links.append((_("Add an organisation"), _url("organisations:create")))
        if _billing() and has_perm(user, "billing.network:view_revenue", network):
            links.append((_("Revenue forgone per house"), _url("billing:network_revenue", network.slug)))
        items.append(Item(title=network.name, url=url, meta=_roles_text(roles), links=_links(*links)))
    return Panel("networks", _("Your networks"), items)


def _organisation_panel(user, access) -> Panel | None:
    from buurtkracht.organisations.models import Organisation

    if not access.organisation:
        return None
    organisations = (
        Organisation.objects.filter(pk__in=access.organisation.keys())
        .select_related("network")
        .only("id", "name", "network__name")
        .order_by("name")
    )
    items = []
    for organisation in organisations:
        roles = access.organisation[organisation.pk]
        url = _url("organisations:detail", organisation.pk)
        links = []
        if "organisation_contact" in roles:
            links.append((_("Edit details"), _url("organisations:edit", organisation.pk)))
            links.append((_("Invite people"), _url("accounts:invite", "organisation", organisation.pk)))
        if _billing() and has_perm(user, "billing.organisation:view", organisation):
            links.append((_("Invoices"), _url("billing:organisation_invoices", organisation.pk)))
        meta = f"{_roles_text(roles)} · {organisation.network.name}"
        items.append(Item(title=organisation.name, url=url, meta=meta, links=_links(*links)))
    return Panel("organisations", _("Your organisations"), items)


def _invitation_panel(user) -> Panel | None:
    from buurtkracht.accounts.links import invite_url
    from buurtkracht.accounts.models import Invitation

    invitations = list(
        Invitation.objects.open()
        .filter(invited_by=user)
        .select_related("house", "network", "organisation")
        .order_by("expires_at")[:20]
    )
    if not invitations:
        return None
    items = [
        Item(
            title=invitation.email,
            url=invite_url(invitation.scope),
            meta=_("%(role)s of %(scope)s · valid until %(date)s")
            % {
                "role": invitation.get_role_display(),
                "scope": invitation.scope,
                "date": date_format(timezone.localdate(invitation.expires_at)),
            },
        )
        for invitation in invitations
    ]
    return Panel("invitations", _("Invitations you sent"), items, intro=_("These people have not accepted yet."))


def dashboard_for(user) -> list[Panel]:
    access = access_for(user)
    panels = [
        p
        for p in (
            _house_panel(user, access),
            _network_panel(user, access),
            _organisation_panel(user, access),
            _invitation_panel(user),
        )
        if p is not None
    ]
    if user.is_staff or user.is_superuser:
        panels.append(
            Panel(
                "admin",
                _("Platform administration"),
                intro=_("You can manage everything on this platform. Every change is recorded."),
                links=_links((_("Open the administration"), reverse("admin:index"))),
            )
        )
    if not panels:
        panels.append(
            Panel(
                "welcome",
                _("Welcome"),
                empty=_("You have no role in a house, organisation or network yet. Ask a coordinator to invite you."),
            )
        )
    panels.append(
        Panel(
            "account",
            _("Your account"),
            links=_links((_("Your details, roles and API tokens"), reverse("accounts:profile"))),
        )
    )
    return panels
