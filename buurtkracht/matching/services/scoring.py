"""The score of one room for one need: pure functions, each criterion in [0, 1] (participation.md §5),
and the plain-language explanation built from the stored inputs (so it is shown in the reader's language).

``inputs`` (stored on the proposal) holds: ``km``, ``max_km``, ``capacity``, ``group_size``, ``wished`` and
``present`` (facility codes), ``free``, ``total``, ``weekday``, ``day_part``, ``cost`` (text, or None when no
tariff), ``budget``, ``category_label``, ``shared`` (theme/target-group codes), ``district`` facts.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from buurtkracht.matching import vocab


def distance(km: float | None, max_km: float) -> float:
    if km is None:
        return 0.5
    return 1 - min(km / max_km, 1) if max_km > 0 else 0.0


def capacity(seats: int, group: int) -> float:
    """1 within [n, 2n] seats, falling linearly to 0 at 4n; 0 below n."""
    if seats < group:
        return 0.0
    if seats <= 2 * group:
        return 1.0
    return max(0.0, 1 - (seats - 2 * group) / (2 * group))


def facilities(wished, present) -> float:
    wished = set(wished)
    if not wished:
        return 1.0
    return len(wished & set(present)) / len(wished)


def free_time(free: int, total: int) -> float:
    return free / total if total else 0.0


def budget(amount: Decimal, cost: Decimal | None) -> float:
    if cost is None:
        return 0.5  # no tariff known: neither good nor bad
    if cost <= 0:
        return 1.0
    return float(min(Decimal(1), amount / cost))


def jaccard(a, b) -> float:
    a, b = set(a), set(b)
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


LOW_INCOME_SHARE = 12
SENIOR_SHARE = 22
YOUTH_SHARE = 12
CHILD_SHARE = 17


def district_groups(stats: dict | None) -> set[str]:
    """Target groups that live around the house in large numbers, from the CBS figures of its district."""
    if not stats:
        return set()
    found = set()
    if (stats.get("share_65_plus") or 0) >= SENIOR_SHARE:
        found.add("seniors")
    if (stats.get("share_low_income") or 0) >= LOW_INCOME_SHARE:
        found.add("low_income")
    if (stats.get("share_15_24") or 0) >= YOUTH_SHARE:
        found.add("youth")
    if (stats.get("share_0_14") or 0) >= CHILD_SHARE:
        found.update({"children", "families"})
    return found


def combine(components: dict[str, float], weights: dict[str, Decimal]) -> float:
    total = sum(float(w) for w in weights.values())
    if total <= 0:
        return 0.0
    return sum(float(weights[name]) * components[name] for name in weights) / total


def components(inputs: dict) -> dict[str, float]:
    cost = Decimal(inputs["cost"]) if inputs.get("cost") is not None else None
    return {
        "distance": distance(inputs.get("km"), inputs["max_km"]),
        "capacity": capacity(inputs["capacity"], inputs["group_size"]),
        "facilities": facilities(inputs.get("wished", []), inputs.get("present", [])),
        "free_time": free_time(inputs["free"], inputs["total"]),
        "budget": budget(Decimal(inputs["budget"]), cost),
        "fit": jaccard(inputs.get("wanted", []), inputs.get("offered", [])),
    }


def money(amount: Decimal) -> str:
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return "€" + number_format(int(amount), 0, force_grouping=True)
    return "€" + number_format(amount, 2, force_grouping=True)


def explain(inputs: dict) -> list[str]:
    """The parts of the explanation, e.g. ["vrij op 11 van de 12 dinsdagochtenden", "keuken", "1,2 km",
    "€0 met het tarief voor bewonersinitiatieven"]."""
    parts = []
    slot = vocab.SLOT_PLURALS.get((inputs["weekday"], inputs["day_part"]), "")
    values = {"free": inputs["free"], "total": inputs["total"], "slot": str(slot).lower()}
    if inputs.get("sessions", 0) > inputs["total"]:  # free time is checked over the first weeks only
        parts.append(
            ngettext(
                "free on %(free)s of the first %(total)s %(slot)s",
                "free on %(free)s of the first %(total)s %(slot)s",
                inputs["total"],
            )
            % values
        )
    else:
        parts.append(
            ngettext(
                "free on %(free)s of %(total)s %(slot)s", "free on %(free)s of %(total)s %(slot)s", inputs["total"]
            )
            % values
        )
    names = facility_names()
    shown = [names.get(code, code) for code in inputs.get("needed", [])]
    shown += [names.get(code, code) for code in sorted(set(inputs.get("wished", [])) & set(inputs.get("present", [])))]
    for name in dict.fromkeys(shown):
        parts.append(str(name).lower())
    parts.append(_("room for %(n)s people") % {"n": inputs["capacity"]})
    if inputs.get("km") is not None:
        parts.append(_("%(km)s km") % {"km": number_format(round(inputs["km"], 1), 1)})
    if inputs.get("cost") is None:
        parts.append(_("no tariff known yet"))
    else:
        parts.extend(_price_parts(inputs))
        if Decimal(inputs["cost"]) > Decimal(inputs["budget"]):
            parts.append(_("budget %(budget)s") % {"budget": money(inputs["budget"])})
    shared = vocab.labels(vocab.THEMES + vocab.TARGET_GROUPS, inputs.get("shared", []))
    if shared:
        parts.append(_("shared: %(what)s") % {"what": ", ".join(shared)})
    for code, share in inputs.get("district", {}).items():
        parts.append(
            _("in the district: %(share)s%% %(group)s")
            % {"share": number_format(share, 0), "group": vocab.labels(vocab.TARGET_GROUPS, [code])[0]}
        )
    return parts


def _price_parts(inputs: dict) -> list[str]:
    """The price as billing quotes it for the requested sessions: "€152 for 12 sessions with the tariff for
    resident initiatives", "first 5 hours free, then €16 per session". (Proposals stored before the price
    covered the whole period have no ``sessions`` and say "€192 with the tariff for …".)"""
    category = _plural_category(inputs)
    if "sessions" not in inputs:
        return [_("%(cost)s with the tariff for %(category)s") % {"cost": money(inputs["cost"]), "category": category}]
    sessions = inputs["sessions"]
    parts = [
        ngettext(
            "%(cost)s for %(n)s session with the tariff for %(category)s",
            "%(cost)s for %(n)s sessions with the tariff for %(category)s",
            sessions,
        )
        % {"cost": money(inputs["cost"]), "n": sessions, "category": category}
    ]
    free = Decimal(inputs.get("free_hours") or 0)
    per_session = inputs.get("per_session")
    if free and per_session is not None:
        parts.append(
            _("first %(hours)s hours free, then %(price)s per session")
            % {"hours": _hours(free), "price": money(per_session)}
        )
    elif free:
        parts.append(_("all within the free hours"))
    if inputs.get("unpriced"):
        parts.append(_("no tariff yet for %(n)s of the dates") % {"n": inputs["unpriced"]})
    return parts


def _hours(value: Decimal) -> str:
    if value == value.to_integral_value():
        return number_format(int(value), 0)
    return number_format(value.quantize(Decimal("0.01")).normalize(), 2 if value * 10 % 1 else 1)


_FACILITIES: dict[str, tuple[str, str]] = {}


def facility_names() -> dict[str, str]:
    """Facility code → name in the active language (the catalogue is read once per process)."""
    if not _FACILITIES:
        from buurtkracht.houses.models import Facility

        _FACILITIES.update({c: (nl, en) for c, nl, en in Facility.objects.values_list("code", "name_nl", "name_en")})
    dutch = (get_language() or "nl").startswith("nl")
    return {code: (nl if dutch else en) for code, (nl, en) in _FACILITIES.items()}


def _plural_category(inputs: dict) -> str:
    if inputs.get("category") == "resident_initiative":
        return _("resident initiatives")
    return str(inputs.get("category_label", ""))


def explanation(inputs: dict) -> str:
    return "; ".join(explain(inputs))
