"""The columns of the house-and-room spreadsheet: their Dutch and English headers, the synonyms we also
accept, and which ones must be present. docs/import.md describes the same list for people."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def normalise_label(text: str) -> str:
    """``"Oppervlakte (m²)"`` → ``"oppervlaktem2"``: lower case, no accents, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(text or "").replace("²", "2")).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "", text)


@dataclass(frozen=True)
class Column:
    key: str
    nl: str
    en: str
    help: object  # a lazy translated sentence
    required: bool = False
    house: bool = False  # a property of the house (repeated or left blank on its further rows)
    synonyms: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        """The header in the current language (the headers themselves are never translated by a catalogue,
        so a translator cannot break an import)."""
        return self.en if (get_language() or "nl").startswith("en") else self.nl

    def accepted(self) -> set[str]:
        return {normalise_label(name) for name in (self.nl, self.en, *self.synonyms)}


COLUMNS: tuple[Column, ...] = (
    Column("house", "huis", "house", _("Name of the community centre. Leave it empty to add another room to the "
           "house of the row above."), required=True, house=True,
           synonyms=("naam", "huisnaam", "naam huis", "naam van het huis", "house name", "name", "centre")),
    Column("street", "straat", "street", _("Street and house number."), house=True,
           synonyms=("adres", "straat en huisnummer", "address", "street and number")),
    Column("postcode", "postcode", "postcode", _("Postcode, such as 5341 AB (Netherlands) or 2220 (Belgium). We use "
           "it to find the municipality, the district and the position on the map."), required=True, house=True,
           synonyms=("postal code", "post code", "zip", "zipcode", "zip code")),
    Column("city", "plaats", "city", _("Town or village."), house=True,
           synonyms=("woonplaats", "plaatsnaam", "town", "place")),
    Column("country", "land", "country", _("NL or BE. Empty means the Netherlands."), house=True),
    Column("owner_type", "eigenaar", "owner", _("Who owns the building: gemeente (municipality), woningcorporatie "
           "(housing corporation), bewoners (residents' foundation or association) or anders (other)."), house=True,
           synonyms=("soort eigenaar", "owner type")),
    Column("email", "e-mail", "email", _("E-mail address of the house."), house=True,
           synonyms=("e-mailadres", "emailadres", "mail", "email address")),
    Column("phone", "telefoon", "phone", _("Phone number of the house."), house=True,
           synonyms=("telefoonnummer", "tel", "telephone", "phone number")),
    Column("website", "website", "website", _("Website of the house. https:// is added when you leave it out."),
           house=True, synonyms=("site", "url", "webadres")),
    Column("description", "omschrijving", "description", _("A short description of the house."), house=True,
           synonyms=("beschrijving",)),
    Column("latitude", "latitude", "latitude", _("Optional: latitude, such as 51.7655. Empty means: the centre of "
           "the postcode."), house=True, synonyms=("breedtegraad", "lat")),
    Column("longitude", "longitude", "longitude", _("Optional: longitude, such as 5.5180."), house=True,
           synonyms=("lengtegraad", "lon", "lng", "long")),
    Column("room", "zaal", "room", _("Name of the room. Leave it empty for a house without rooms."), required=True,
           synonyms=("ruimte", "zaalnaam", "naam zaal", "room name", "space")),
    Column("capacity", "capaciteit", "capacity", _("How many people fit in the room: a whole number."),
           required=True, synonyms=("personen", "aantal personen", "people", "max personen")),
    Column("floor_area_m2", "oppervlakte_m2", "floor_area_m2", _("Floor area in square metres, such as 85 or 85,5."),
           synonyms=("oppervlakte", "m2", "vloeroppervlakte", "floor area", "area m2")),
    Column("facilities", "voorzieningen", "facilities", _("Facilities of the room, separated by commas, in Dutch "
           "or English or by their code (see the list of facilities)."), synonyms=("faciliteiten",)),
    Column("part_of", "deel_van", "part_of", _("For one part of a divisible hall: the name of that hall in the same "
           "house. The hall needs its own row too."), synonyms=("deel van", "onderdeel van", "part of", "parent")),
    Column("accessibility", "toegankelijkheid", "accessibility", _("Accessibility notes for the room, such as "
           "\"step-free, hearing loop\"."), synonyms=("toegankelijkheid zaal", "accessibility notes")),
)  # fmt: skip

BY_KEY = {column.key: column for column in COLUMNS}
HOUSE_KEYS = tuple(column.key for column in COLUMNS if column.house)
ROOM_KEYS = ("room", "capacity", "floor_area_m2", "facilities", "part_of", "accessibility")

_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in _column.accepted():
        _LOOKUP.setdefault(_name, _column.key)


def column_for_header(header: str) -> Column | None:
    key = _LOOKUP.get(normalise_label(header))
    return BY_KEY[key] if key else None
