"""What each person can act on, gathered for the dashboard from their memberships."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from buurtkracht.accounts.permissions import access_for


@dataclass
class Panel:
    title: str
    items: list = field(default_factory=list)
    empty: str = ""


def dashboard_for(user) -> list[Panel]:
    from buurtkracht.houses.models import House
    from buurtkracht.networks.models import Network
    from buurtkracht.organisations.models import Organisation

    access = access_for(user)
    panels: list[Panel] = []
    networks = Network.objects.filter(pk__in=access.network.keys()) if not user.is_superuser else Network.objects.all()
    if networks:
        panels.append(Panel(title=str(_("Your networks")), items=list(networks)))
    houses = House.objects.manageable_by(user).order_by("name")
    if houses.exists():
        panels.append(Panel(title=str(_("Community centres you work for")), items=list(houses[:50])))
    organisations = Organisation.objects.filter(pk__in=access.organisation.keys())
    if organisations:
        panels.append(Panel(title=str(_("Your organisations")), items=list(organisations)))
    if not panels:
        panels.append(
            Panel(
                title=str(_("Welcome")),
                empty=str(
                    _("You have no role in a house, organisation or network yet. Ask a coordinator to invite you.")
                ),
            )
        )
    return panels
