"""What an import would do: the houses and rooms read from a file, with the errors and warnings found.
Built by :mod:`buurtkracht.imports.validation`, shown by the preview and the command, carried out by
:func:`buurtkracht.imports.services.run_import`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from buurtkracht.houses.models import Facility, House
from buurtkracht.networks.models import Area


@dataclass(frozen=True)
class Problem:
    """An error or warning about the file. ``row`` is ``None`` for the file as a whole."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class PlannedRoom:
    row: int
    name: str
    capacity: int | None = None
    floor_area_m2: Decimal | None = None
    facilities: list[Facility] = field(default_factory=list)
    part_of: str = ""
    accessibility_notes: str = ""


@dataclass
class PlannedHouse:
    row: int
    name: str
    rows: list[int] = field(default_factory=list)
    raw: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (value as written, its row)
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"
    owner_type: str = House.OwnerType.OTHER
    email: str = ""
    phone: str = ""
    website: str = ""
    description: str = ""
    latitude: float | None = None
    longitude: float | None = None
    municipality: Area | None = None
    district: Area | None = None
    rooms: list[PlannedRoom] = field(default_factory=list)
    existing: House | None = None  # already in the network: skipped

    def house_fields(self) -> dict:
        """Keyword arguments for :func:`buurtkracht.houses.services.create_house`."""
        return {
            "street": self.street, "postcode": self.postcode, "city": self.city, "country": self.country,
            "owner_type": self.owner_type, "email": self.email, "phone": self.phone, "website": self.website,
            "description": self.description, "latitude": self.latitude, "longitude": self.longitude,
        }  # fmt: skip

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in [self.street, f"{self.postcode} {self.city}".strip()] if part)

    @property
    def country_label(self) -> str:
        return str(House.Country(self.country).label) if self.country in House.Country.values else self.country

    @property
    def owner_label(self) -> str:
        return str(House.OwnerType(self.owner_type).label)


@dataclass
class ImportPlan:
    network: object
    headers: list[str] = field(default_factory=list)
    houses: list[PlannedHouse] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.errors

    @property
    def new_houses(self) -> list[PlannedHouse]:
        return [house for house in self.houses if house.existing is None]

    @property
    def skipped_houses(self) -> list[PlannedHouse]:
        return [house for house in self.houses if house.existing is not None]

    @property
    def room_count(self) -> int:
        return sum(len(house.rooms) for house in self.new_houses)
