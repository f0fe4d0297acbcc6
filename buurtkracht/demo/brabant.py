"""The ~160 houses of the demo umbrella network "Dorpshuizen Noord-Brabant", generated from the reference data.

Deterministic: the same reference data always gives the same houses (a seeded random generator over a
sorted list). Each generated house lies in a real village of a real Noord-Brabant municipality, has a real
4-digit postcode of that village, and gets its position from the postcode centroid (estimated position).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from buurtkracht.demo.data.facilities import ROOM_TEMPLATES
from buurtkracht.networks.models import Area

PROVINCE = "Noord-Brabant"
SEED = 828
GENERATED_COUNT = 148  # plus the 12 houses of Gemeente Oss: 160 in the umbrella network
CITY_POSTCODES = 4  # a place with this many postcodes or more is a town, not a village: left out
EXCLUDED_MUNICIPALITIES = {"GM0828"}  # Oss has its own, hand-written houses

PREFIXES = [("Dorpshuis", 45), ("MFC", 20), ("Gemeenschapshuis", 15), ("Ontmoetingscentrum", 10), ("Buurthuis", 10)]
STREETS = [
    "Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenstraat", "Markt", "Kerkplein", "Raadhuisstraat",
    "Nieuwstraat", "Hoofdstraat", "Pastoor van Beugenstraat", "Sportlaan", "Kloosterstraat", "Lindenlaan",
    "Wilhelminastraat", "Julianastraat", "Brink", "Heuvel", "Dorpsplein",
]  # fmt: skip
OWNER_TYPES = [("residents", 50), ("municipality", 30), ("housing_corporation", 8), ("other", 12)]
LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
HOURS = [
    [(0, "19:00", "23:00"), (2, "19:00", "23:00"), (3, "19:00", "23:00"), (4, "19:00", "23:30"),
     (5, "14:00", "23:30"), (6, "10:00", "14:00")],
    [(d, "09:00", "17:00") for d in range(5)] + [(d, "19:00", "23:00") for d in range(5)],
    [(1, "13:30", "17:00"), (1, "19:30", "23:00"), (3, "19:30", "23:00"), (5, "20:00", "23:30")],
]  # fmt: skip
DESCRIPTIONS = [
    "Het dorpshuis van {place}: voor de kaartclub, de zangvereniging, vergaderingen en feesten.",
    "{name} is de ontmoetingsplek van {place}. Vrijwilligers houden het huis open.",
    "In {name} vind je een zaal, een bar en ruimte voor clubs en bewoners uit {place}.",
    "Multifunctioneel centrum in {place} met ruimte voor sport, cultuur en ontmoeting.",
]


@dataclass
class GeneratedHouse:
    name: str
    place: str
    municipality_code: str
    postcode: str
    street: str
    owner_type: str
    description: str
    hours: list
    rooms: list[dict] = field(default_factory=list)


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def villages() -> list[tuple[str, Area]]:
    """(place name, postcode area) for each village of the province: the lowest postcode of each place
    with fewer than ``CITY_POSTCODES`` postcodes, sorted by place name."""
    by_place: dict[str, list[Area]] = {}
    postcodes = (
        Area.objects.filter(country="NL", kind=Area.Kind.POSTCODE, parent__province=PROVINCE)
        .exclude(parent__code__in=EXCLUDED_MUNICIPALITIES)
        .select_related("parent")
        .order_by("code")
    )
    for area in postcodes:
        place = area.name.removeprefix(area.code).strip()
        if place:
            by_place.setdefault(place, []).append(area)
    return sorted((place, areas[0]) for place, areas in by_place.items() if len(areas) < CITY_POSTCODES)


def _rooms(rng: random.Random, prefix: str) -> list[dict]:
    count = rng.choices([1, 2, 3, 4], weights=[15, 35, 35, 15], k=1)[0]
    main = ROOM_TEMPLATES[0]
    others = ROOM_TEMPLATES[1:]
    if prefix == "MFC":  # a multifunctional centre has a sports hall
        others = [ROOM_TEMPLATES[4]] + [t for t in others if t is not ROOM_TEMPLATES[4]]
        chosen = [main] + others[:1] + rng.sample(others[1:], k=max(0, count - 2))
    else:
        chosen = [main] + rng.sample([t for t in others if t is not ROOM_TEMPLATES[4]], k=count - 1)
    rooms = []
    for name, low, high, m2_per_person, facilities in chosen:
        capacity = rng.randrange(low, high + 1, 5 if high >= 40 else 1)
        kept = [code for code in facilities if rng.random() < 0.8] or facilities[:1]
        rooms.append(
            {
                "name": name,
                "capacity": capacity,
                "floor_area_m2": Decimal(round(capacity * m2_per_person)),
                "facilities": kept,
            }
        )
    return rooms


def generate(count: int = GENERATED_COUNT) -> list[GeneratedHouse]:
    rng = random.Random(SEED)
    candidates = villages()
    rng.shuffle(candidates)
    houses = []
    for place, postcode_area in sorted(candidates[:count]):
        prefix = _weighted(rng, PREFIXES)
        name = f"{prefix} {place.removesuffix(' NB')}"  # "Beers NB" is the postal name, "Beers" the village
        postcode = f"{postcode_area.code} {rng.choice(LETTERS)}{rng.choice(LETTERS)}"
        street = f"{rng.choice(STREETS)} {rng.randint(1, 80)}"
        houses.append(
            GeneratedHouse(
                name=name,
                place=place,
                municipality_code=postcode_area.parent.code,
                postcode=postcode,
                street=street,
                owner_type=_weighted(rng, OWNER_TYPES),
                description=rng.choice(DESCRIPTIONS).format(place=place, name=name),
                hours=rng.choice(HOURS),
                rooms=_rooms(rng, prefix),
            )
        )
    return houses
