"""Sign-up of an initiative without an account, confirmation by e-mail, needs (also entered by a coordinator)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.core.audit import log_action
from buurtkracht.matching import vocab
from buurtkracht.matching.models import Initiative, SpaceNeed, initiative_from_token, make_token
from buurtkracht.matching.services import notify
from buurtkracht.networks.geocoding import locate
from buurtkracht.networks.models import Area, Network

MAX_BUDGET = Decimal("1000000")
SIGNUPS_PER_ADDRESS_PER_DAY = 3
INITIATIVE_FIELDS = {"name", "goal", "themes", "target_groups", "support", "contact_name", "email", "phone",
                     "language", "weekly_digest"}  # fmt: skip


def find_area(text: str) -> Area | None:
    """A postcode (``5341 AB``, ``2220``) or an area code (``WK082806``, ``GM0828``, ``12014``) → Area."""
    value = re.sub(r"\s+", "", text or "").upper()
    if not value:
        return None
    if re.fullmatch(r"[1-9]\d{3}([A-Z]{2})?", value):
        for country in ("NL", "BE"):
            found = locate(country, value)
            if found is not None:
                return found.postcode_area
        return None
    return Area.objects.filter(code=value).exclude(kind=Area.Kind.POSTCODE).order_by("kind").first()


def _chain(area: Area) -> list[int]:
    """The area and the areas it lies in (district, municipality, …), nearest first."""
    chain, current = [], area
    while current is not None and len(chain) < 5:
        chain.append(current.pk)
        current = current.parent
    return chain


def network_for(area: Area) -> Network | None:
    """The most specific network covering the area, whose weights and coordinator then serve the initiative. Of
    the networks linked to the area or to an area it lies in: the one with the fewest houses (a municipality's
    own network before the umbrella network that covers the same municipality), local leisure networks last and
    networks without houses only when nothing else covers the area; then the one linked nearest to the area,
    then the oldest."""
    chain = _chain(area)
    if area.kind == Area.Kind.POSTCODE and area.parent_id is None:
        return None
    depth = {pk: level for level, pk in enumerate(chain)}
    nearest: dict[int, int] = {}
    for network_id, area_id in Network.areas.through.objects.filter(area_id__in=chain).values_list(
        "network_id", "area_id"
    ):
        nearest[network_id] = min(nearest.get(network_id, len(chain)), depth[area_id])
    if not nearest:
        return None
    networks = Network.objects.filter(pk__in=list(nearest)).annotate(house_count=Count("houses", distinct=True))
    return min(
        networks,
        key=lambda n: (n.kind == Network.Kind.LEISURE, n.house_count == 0, n.house_count, nearest[n.pk], n.pk),
    )


def _position(area: Area) -> tuple[float | None, float | None]:
    current = area
    while current is not None:
        if current.latitude is not None:
            return current.latitude, current.longitude
        current = current.parent
    return None, None


def _choices(errors, key: str, values, allowed: set, message: str) -> list:
    values = list(values or [])
    if any(v not in allowed for v in values):
        errors[key] = [message]
    return list(dict.fromkeys(values))


def clean_need(data: dict, *, today: date | None = None) -> dict:
    """Check a need; returns clean values or raises ``ValidationError`` with a sentence per field."""
    from buurtkracht.houses.models import Facility

    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    clean["activity"] = " ".join(str(data.get("activity") or "").split())
    if not clean["activity"]:
        errors["activity"] = [_("Say what you want to do in the room.")]
    try:
        clean["group_size"] = int(data.get("group_size"))
        if not 1 <= clean["group_size"] <= 1000:
            raise ValueError
    except (TypeError, ValueError):
        errors["group_size"] = [_("Fill in how many people come: a number from 1 to 1000.")]
    try:
        hours = Decimal(str(data.get("hours_per_week")).replace(",", "."))
        if not hours.is_finite() or not Decimal("0.5") <= hours <= Decimal("40"):
            raise InvalidOperation
        clean["hours_per_week"] = hours.quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        errors["hours_per_week"] = [_("Fill in the hours per week: a number from 0.5 to 40.")]
    try:
        budget = Decimal(str(data.get("budget")).replace(",", ".").replace("€", "").strip())
        if not budget.is_finite() or budget < 0 or budget > MAX_BUDGET or budget.as_tuple().exponent < -2:
            raise InvalidOperation
        clean["budget"] = budget
    except (InvalidOperation, ValueError):
        errors["budget"] = [_("Fill in the budget as an amount in euros, like 250 or 250.50.")]
    weekdays = data.get("weekdays") or []
    try:
        clean["weekdays"] = sorted({int(w) for w in weekdays})
        if any(not 0 <= w <= 6 for w in clean["weekdays"]):
            raise ValueError
    except (TypeError, ValueError):
        errors["weekdays"] = [_("Choose days of the week from the list.")]
        clean["weekdays"] = []
    clean["day_parts"] = _choices(errors, "day_parts", data.get("day_parts"), vocab.codes(vocab.DAY_PARTS),
                                  _("Choose day parts from the list."))  # fmt: skip
    if "weekdays" not in errors and "day_parts" not in errors and not (clean["weekdays"] and clean["day_parts"]):
        errors["weekdays"] = [_("Choose at least one day of the week and one part of the day.")]
    start = data.get("start_date")
    if not isinstance(start, date):
        errors["start_date"] = [_("Fill in from when you need the space.")]
    elif start < today or start > today + timedelta(days=366):
        errors["start_date"] = [_("Choose a start date from today up to a year ahead.")]
    else:
        clean["start_date"] = start
    try:
        clean["weeks"] = int(data.get("weeks"))
        if not 1 <= clean["weeks"] <= vocab.MAX_WEEKS:
            raise ValueError
    except (TypeError, ValueError):
        errors["weeks"] = [_("Fill in for how many weeks: a number from 1 to 52.")]
    try:
        clean["max_distance_km"] = int(data.get("max_distance_km") or 15)
        if not 1 <= clean["max_distance_km"] <= 100:
            raise ValueError
    except (TypeError, ValueError):
        errors["max_distance_km"] = [_("Fill in a distance from 1 to 100 km.")]
    codes = [*list(data.get("facilities") or []), *list(data.get("wished_facilities") or [])]
    known = set(Facility.objects.filter(code__in=codes).values_list("code", flat=True))
    if set(codes) - known:
        errors["facilities"] = [_("Choose facilities from the list.")]
    clean["facilities"] = list(dict.fromkeys(data.get("facilities") or []))
    clean["wished_facilities"] = list(dict.fromkeys(data.get("wished_facilities") or []))
    clean["step_free"] = bool(data.get("step_free"))
    if errors:
        raise ValidationError(errors)
    return clean


def _clean_initiative(data: dict, area_text: str) -> tuple[dict, Area, Network]:
    errors: dict[str, list[str]] = {}
    clean = {k: data.get(k) for k in INITIATIVE_FIELDS}
    for key in ("name", "contact_name", "phone"):
        clean[key] = " ".join(str(clean.get(key) or "").split())
    clean["goal"] = str(clean.get("goal") or "").strip()
    if not clean["name"]:
        errors["name"] = [_("Fill in the name of your initiative.")]
    if not clean["goal"]:
        errors["goal"] = [_("Tell in a few sentences what your initiative wants to achieve.")]
    if not clean["contact_name"]:
        errors["contact_name"] = [_("Fill in the name of a contact person.")]
    clean["email"] = str(clean.get("email") or "").strip().lower()
    try:
        validate_email(clean["email"])
    except ValidationError:
        errors["email"] = [_("Enter an e-mail address like naam@voorbeeld.nl.")]
    clean["themes"] = _choices(errors, "themes", clean.get("themes"), vocab.codes(vocab.THEMES),
                               _("Choose themes from the list."))  # fmt: skip
    clean["target_groups"] = _choices(errors, "target_groups", clean.get("target_groups"),
                                      vocab.codes(vocab.TARGET_GROUPS), _("Choose target groups from the list."))  # fmt: skip
    clean["support"] = _choices(errors, "support", clean.get("support"), vocab.codes(vocab.SUPPORT),
                                _("Choose the support from the list."))  # fmt: skip
    clean["language"] = clean.get("language") if clean.get("language") in ("nl", "en") else "nl"
    clean["weekly_digest"] = bool(clean.get("weekly_digest"))
    area = find_area(area_text)
    network = None
    if area is None:
        errors["area"] = [_("We do not know this postcode or area code. Fill in a postcode like 5341 AB.")]
    else:
        network = network_for(area)
        if network is None:
            errors["area"] = [_("No network of community centres works in this area yet.")]
    if errors:
        raise ValidationError(errors)
    return clean, area, network


@transaction.atomic
def submit_signup(*, area: str, need: dict, today: date | None = None, **fields) -> tuple[Initiative, str]:
    """A new initiative with its first need, not visible to anyone until the e-mail address is confirmed.
    Returns the initiative and the secret token of its confirmation link (sent by e-mail after commit)."""
    unknown = set(fields) - INITIATIVE_FIELDS
    if unknown:
        raise TypeError(f"Unknown initiative fields: {sorted(unknown)}")
    errors: dict = {}
    try:
        clean, found_area, network = _clean_initiative(fields, area)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        need_values = clean_need(need, today=today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    recent = Initiative.objects.filter(
        email=clean["email"], status=Initiative.Status.UNCONFIRMED, created_at__gte=timezone.now() - timedelta(days=1)
    ).count()
    if recent >= SIGNUPS_PER_ADDRESS_PER_DAY:
        raise ValidationError(
            {"email": [_("You signed up several times today. Open the link in the e-mail we sent you.")]}
        )
    latitude, longitude = _position(found_area)
    initiative = Initiative.objects.create(
        area=found_area, network=network, latitude=latitude, longitude=longitude, **clean
    )
    token = make_token(initiative)
    SpaceNeed.objects.create(initiative=initiative, **need_values)
    log_action(None, "matching.initiative.signed_up", initiative, network_id=network.pk, data={"area": found_area.code})
    notify.confirm_link(initiative, token)
    return initiative, token


@transaction.atomic
def confirm_signup(*, token: str) -> Initiative:
    """Confirm the e-mail address: the initiative becomes visible and gets an organisation in its network."""
    from buurtkracht.organisations.models import Organisation
    from buurtkracht.organisations.services import create_organisation

    found = initiative_from_token(token)
    initiative = Initiative.objects.select_for_update().filter(pk=found.pk).first() if found else None
    if initiative is None or initiative.status == Initiative.Status.WITHDRAWN:
        raise ValidationError(_("This link is not valid. Sign up again, or ask your network's coordinator."))
    if initiative.status == Initiative.Status.CONFIRMED:
        return initiative
    organisation = Organisation.objects.filter(
        network=initiative.network, name__iexact=initiative.name, kind=Organisation.Kind.RESIDENT_INITIATIVE
    ).first()
    if organisation is None:
        name = initiative.name
        if Organisation.objects.filter(network=initiative.network, name__iexact=name).exists():
            name = f"{name} ({initiative.area.name})"[:150]
        # No e-mail address: the organisation's page is open to all house staff of the network, while the
        # initiative's contact data is for the coordinator and the houses it was proposed to (issue 5, item 6).
        organisation = create_organisation(
            actor=None, network=initiative.network, name=name, kind=Organisation.Kind.RESIDENT_INITIATIVE,
            area=initiative.area, description=initiative.goal,
        )  # fmt: skip
    initiative.organisation = organisation
    initiative.status = Initiative.Status.CONFIRMED
    initiative.confirmed_at = timezone.now()
    initiative.save(update_fields=["organisation", "status", "confirmed_at"])
    log_action(None, "matching.initiative.confirmed", initiative, network_id=initiative.network_id,
               organisation_id=organisation.pk)  # fmt: skip
    return initiative


@transaction.atomic
def create_initiative(*, actor, network: Network, area: str, need: dict, **fields) -> Initiative:
    """A coordinator enters an initiative on its behalf: confirmed at once; the initiative gets its link by mail."""
    clean, found_area, found_network = _clean_initiative(fields, area)
    need_values = clean_need(need)
    if found_network.pk != network.pk and not network.areas.filter(pk__in=_chain(found_area)).exists():
        raise ValidationError({"area": [_("This area is not part of the network %(name)s.") % {"name": network.name}]})
    latitude, longitude = _position(found_area)
    initiative = Initiative.objects.create(
        area=found_area, network=network, latitude=latitude, longitude=longitude, created_by=actor, **clean,
    )  # fmt: skip
    token = make_token(initiative)
    SpaceNeed.objects.create(initiative=initiative, created_by=actor, **need_values)
    log_action(actor, "matching.initiative.created", initiative, network_id=network.pk)
    confirm_signup(token=token)
    notify.access_link(initiative, token)
    initiative.refresh_from_db()
    return initiative


@transaction.atomic
def add_need(*, actor, initiative: Initiative, **data) -> SpaceNeed:
    values = clean_need(data)
    need = SpaceNeed.objects.create(initiative=initiative, created_by=actor, **values)
    log_action(actor, "matching.need.created", need, network_id=initiative.network_id,
               organisation_id=initiative.organisation_id)  # fmt: skip
    return need
