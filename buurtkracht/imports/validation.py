"""Turn the rows of a spreadsheet into an :class:`ImportPlan`: the houses and rooms that an import would
create, each error as a plain sentence naming its row and column, and warnings that do not block.

Nothing here writes to the database. The same plan feeds the preview page, the management command and
:func:`buurtkracht.imports.services.run_import` (which refuses a plan with errors).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from buurtkracht.houses.models import Facility, House, Room
from buurtkracht.imports.columns import BY_KEY, COLUMNS, HOUSE_KEYS, ROOM_KEYS, column_for_header, normalise_label
from buurtkracht.imports.plan import ImportPlan, PlannedHouse, PlannedRoom, Problem
from buurtkracht.imports.spreadsheet import Table
from buurtkracht.networks.geocoding import is_valid_postcode, locate, nearest_district, normalise_postcode

MAX_CAPACITY = 100_000
MAX_FLOOR_AREA = Decimal("999999.9")
MAX_TEXT = 2000
# A rough box around the Netherlands and Belgium: a position outside it is a typo or swapped coordinates.
LATITUDE_RANGE = (49.4, 53.8)
LONGITUDE_RANGE = (2.4, 7.3)

COUNTRIES = {
    normalise_label(name): code
    for code, names in {
        "NL": ("NL", "NLD", "Nederland", "Netherlands", "The Netherlands", "Holland"),
        "BE": ("BE", "BEL", "België", "Belgie", "Belgium", "Belgique", "Vlaanderen", "Flanders"),
    }.items()
    for name in names
}
OWNER_TYPES = {
    normalise_label(name): code
    for code, names in {
        House.OwnerType.MUNICIPALITY: ("gemeente", "gemeentelijk", "municipality"),
        House.OwnerType.HOUSING_CORPORATION: (
            "woningcorporatie", "woningbouwcorporatie", "corporatie", "housing corporation", "housing_corporation",
        ),
        House.OwnerType.RESIDENTS: (
            "bewoners", "bewonersstichting", "bewonersvereniging", "stichting", "vereniging",
            "stichting of vereniging", "residents", "residents' foundation or association",
        ),
        House.OwnerType.OTHER: ("anders", "overig", "onbekend", "other"),
    }.items()
    for name in names
}  # fmt: skip


def build_plan(table: Table, *, network) -> ImportPlan:
    """Check every row of ``table`` for an import into ``network``."""
    return _PlanBuilder(table, network).build()


def file_problems(table: Table, *, network) -> list[Problem]:
    """Errors about the file as a whole (missing or doubled columns, no data rows), found without reading
    the rows: the upload page shows these at once."""
    builder = _PlanBuilder(table, network)
    if builder.read_headers() and not table.rows:
        builder.error(None, "", _("The file only contains column names, no houses."))
    return builder.plan.errors


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _equivalent(key: str, first: str, value: str) -> bool:
    """Whether two spellings of a house detail mean the same (``5341ab`` = ``5341 AB``, ``NL`` = ``Nederland``)."""
    if key == "postcode":
        return normalise_postcode("", first) == normalise_postcode("", value)
    for table, column in ((COUNTRIES, "country"), (OWNER_TYPES, "owner_type")):
        if key == column and normalise_label(first) in table:
            return table.get(normalise_label(first)) == table.get(normalise_label(value))
    return _same(first, value)


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _PlanBuilder:
    def __init__(self, table: Table, network) -> None:
        self.table = table
        self.plan = ImportPlan(network=network, headers=table.headers)
        self.index: dict[str, int] = {}
        self.header: dict[str, str] = {}
        self.houses: dict[str, PlannedHouse] = {}
        self._catalogue: dict[str, Facility] | None = None
        self._existing: dict[tuple[str, str], House] | None = None
        self._network_areas: set[int] = set()

    # --- reporting ---

    def column(self, key: str) -> str:
        return self.header.get(key) or BY_KEY[key].label

    def error(self, row: int | None, key: str, message: str) -> None:
        self.plan.errors.append(Problem(row, self.column(key) if key else "", message))

    def warn(self, row: int | None, key: str, message: str) -> None:
        self.plan.warnings.append(Problem(row, self.column(key) if key else "", message))

    # --- the steps ---

    def build(self) -> ImportPlan:
        self.plan.warnings.extend(Problem(None, "", note) for note in self.table.notes)
        if self.read_headers():
            if not self.table.rows:
                self.error(None, "", _("The file only contains column names, no houses."))
            current: PlannedHouse | None = None
            for row in self.table.rows:
                current = self.read_row(row.number, row.values, current)
            for house in self.houses.values():
                self.check_house(house)
                self.check_parts(house)
            self.plan.houses = list(self.houses.values())
        self.plan.errors.sort(key=lambda p: p.row or 0)
        self.plan.warnings.sort(key=lambda p: p.row or 0)
        return self.plan

    def read_headers(self) -> bool:
        for position, header in enumerate(self.table.headers):
            if not header:
                continue
            column = column_for_header(header)
            letter = get_column_letter(position + 1)
            if column is None:
                self.warn(None, "", _("We do not know column %(letter)s (\"%(header)s\"), so we leave it out.")
                          % {"letter": letter, "header": header})  # fmt: skip
            elif column.key in self.index:
                self.error(None, column.key,
                           _("The column %(column)s appears twice: in column %(first)s and in column %(second)s. "
                             "Keep one of them.")
                           % {"column": header, "first": get_column_letter(self.index[column.key] + 1),
                              "second": letter})  # fmt: skip
            else:
                self.index[column.key] = position
                self.header[column.key] = header
        missing = [column.label for column in COLUMNS if column.required and column.key not in self.index]
        if missing:
            self.error(None, "",
                       _("These columns are missing: %(columns)s. The first row must contain the column names; "
                         "download the template for an example.") % {"columns": ", ".join(missing)})  # fmt: skip
        return not self.plan.errors

    def read_row(self, number: int, values: list[str], current: PlannedHouse | None) -> PlannedHouse | None:
        cell = {key: values[position] if position < len(values) else "" for key, position in self.index.items()}
        for key in BY_KEY:
            cell.setdefault(key, "")
        name = cell["house"]
        if name:
            if len(name) > House._meta.get_field("name").max_length:
                self.error(number, "house", self.too_long(number, "house", House._meta.get_field("name").max_length))
                return current
            house = self.houses.get(name_key(name))
            if house is None:
                house = self.houses[name_key(name)] = PlannedHouse(row=number, name=" ".join(name.split()))
        else:
            if current is None:
                self.error(number, "house", _("Row %(row)d: the name of the house is missing.") % {"row": number})
                return None
            postcode = cell["postcode"]
            if postcode and normalise_postcode("", postcode) != normalise_postcode(
                "", current.raw.get("postcode", ("", 0))[0]
            ):
                self.error(number, "house",
                           _("Row %(row)d: the name of the house is missing. Leave it empty only when the row is "
                             "another room of the house above.") % {"row": number})  # fmt: skip
                return current
            house = current
        house.rows.append(number)
        self.merge_house_values(house, number, cell)
        self.read_room(house, number, cell)
        return house

    def merge_house_values(self, house: PlannedHouse, number: int, cell: dict[str, str]) -> None:
        for key in HOUSE_KEYS:
            value = cell[key]
            if key == "house" or not value:
                continue
            if key not in house.raw:
                house.raw[key] = (value, number)
                continue
            first, first_row = house.raw[key]
            equal = _equivalent(key, first, value)
            if not equal:
                self.error(number, key,
                           _("Row %(row)d: %(column)s \"%(value)s\" differs from row %(first_row)d of the same house "
                             "(\"%(first)s\"). Leave the cell empty or make it the same.")
                           % {"row": number, "column": self.column(key), "value": value, "first_row": first_row,
                              "first": first})  # fmt: skip

    def read_room(self, house: PlannedHouse, number: int, cell: dict[str, str]) -> None:
        name = " ".join(cell["room"].split())
        if not name:
            if any(cell[key] for key in ROOM_KEYS):
                self.error(number, "room", _("Row %(row)d: the name of the room is missing.") % {"row": number})
            return
        max_length = Room._meta.get_field("name").max_length
        if len(name) > max_length:
            self.error(number, "room", self.too_long(number, "room", max_length))
            return
        for other in house.rooms:
            if name_key(other.name) == name_key(name):
                self.error(number, "room",
                           _("Row %(row)d: the house %(house)s already has a room called \"%(room)s\" (row %(other)d). "
                             "Give each room of a house its own name.")
                           % {"row": number, "house": house.name, "room": name, "other": other.row})  # fmt: skip
                return
        room = PlannedRoom(row=number, name=name, part_of=" ".join(cell["part_of"].split()))
        room.capacity = self.capacity(number, cell["capacity"])
        room.floor_area_m2 = self.floor_area(number, cell["floor_area_m2"])
        room.facilities = self.facilities(number, cell["facilities"])
        room.accessibility_notes = self.text(number, "accessibility", cell["accessibility"], MAX_TEXT)
        house.rooms.append(room)

    # --- single values ---

    def too_long(self, number: int, key: str, limit: int) -> str:
        return _("Row %(row)d: %(column)s is too long; use at most %(limit)d characters.") % {
            "row": number,
            "column": self.column(key),
            "limit": limit,
        }

    def text(self, number: int, key: str, value: str, limit: int) -> str:
        if len(value) > limit:
            self.error(number, key, self.too_long(number, key, limit))
            return ""
        return value

    def capacity(self, number: int, value: str) -> int | None:
        if not value:
            self.error(number, "capacity",
                       _("Row %(row)d: fill in %(column)s: how many people fit in the room.")
                       % {"row": number, "column": self.column("capacity")})  # fmt: skip
            return None
        compact = value.replace(" ", "")
        if re.fullmatch(r"\d+([.,]0+)?", compact):
            people = int(re.split(r"[.,]", compact)[0])
            if people < 1:
                self.error(number, "capacity", _("Row %(row)d: %(column)s must be at least 1.")
                           % {"row": number, "column": self.column("capacity")})  # fmt: skip
                return None
            if people > MAX_CAPACITY:
                self.error(number, "capacity", _("Row %(row)d: %(column)s %(value)s is more than %(limit)d people.")
                           % {"row": number, "column": self.column("capacity"), "value": value,
                              "limit": MAX_CAPACITY})  # fmt: skip
                return None
            return people
        if _parse_decimal(value) is not None:
            self.error(number, "capacity", _("Row %(row)d: %(column)s \"%(value)s\" is not a whole number.")
                       % {"row": number, "column": self.column("capacity"), "value": value})  # fmt: skip
        else:
            self.error(number, "capacity", _("Row %(row)d: %(column)s \"%(value)s\" is not a number.")
                       % {"row": number, "column": self.column("capacity"), "value": value})  # fmt: skip
        return None

    def floor_area(self, number: int, value: str) -> Decimal | None:
        if not value:
            return None
        area = _parse_decimal(re.sub(r"\s*(m2|m²)$", "", value, flags=re.IGNORECASE))
        if area is None:
            self.error(number, "floor_area_m2", _("Row %(row)d: %(column)s \"%(value)s\" is not a number.")
                       % {"row": number, "column": self.column("floor_area_m2"), "value": value})  # fmt: skip
            return None
        area = area.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if not Decimal(0) < area <= MAX_FLOOR_AREA:
            self.error(number, "floor_area_m2",
                       _("Row %(row)d: %(column)s must be more than 0 and at most 999999.9 m².")
                       % {"row": number, "column": self.column("floor_area_m2")})  # fmt: skip
            return None
        return area

    def catalogue(self) -> dict[str, Facility]:
        if self._catalogue is None:
            self._catalogue = {}
            for facility in Facility.objects.order_by("sort_order", "code"):
                for name in (facility.code, facility.name_nl, facility.name_en):
                    self._catalogue.setdefault(normalise_label(name), facility)
        return self._catalogue

    def facilities(self, number: int, value: str) -> list[Facility]:
        found: list[Facility] = []
        for word in re.split(r"[,;\n]", value):
            word = word.strip()
            if not word:
                continue
            facility = self.catalogue().get(normalise_label(word))
            if facility is None:
                self.error(number, "facilities",
                           _("Row %(row)d: we do not know the facility \"%(value)s\". Use a name from the list of "
                             "facilities.") % {"row": number, "value": word})  # fmt: skip
            elif facility not in found:
                found.append(facility)
        return found

    # --- the house as a whole ---

    def check_house(self, house: PlannedHouse) -> None:
        def value(key: str) -> tuple[str, int]:
            return house.raw.get(key, ("", house.row))

        country, row = value("country")
        country_known = True
        if country:
            code = COUNTRIES.get(normalise_label(country))
            if code is None:
                country_known = False
                self.error(row, "country", _("Row %(row)d: we do not know the country \"%(value)s\". Fill in NL or BE.")
                           % {"row": row, "value": country})  # fmt: skip
            else:
                house.country = code
        owner, row = value("owner_type")
        if owner:
            code = OWNER_TYPES.get(normalise_label(owner))
            if code is None:
                self.error(row, "owner_type",
                           _("Row %(row)d: we do not know the owner \"%(value)s\". Fill in gemeente, woningcorporatie, "
                             "bewoners or anders.") % {"row": row, "value": owner})  # fmt: skip
            else:
                house.owner_type = code
        for key, attribute in (("street", "street"), ("city", "city"), ("phone", "phone")):
            text, row = value(key)
            setattr(house, attribute, self.text(row, key, text, House._meta.get_field(attribute).max_length))
        text, row = value("description")
        house.description = self.text(row, "description", text, MAX_TEXT)
        self.check_contact(house, value)
        self.check_position(house, value)
        if country_known:
            self.check_postcode(house, value)

    def check_contact(self, house: PlannedHouse, value) -> None:
        email, row = value("email")
        if email:
            try:
                EmailValidator()(email)
                house.email = email
            except ValidationError:
                self.error(row, "email", _("Row %(row)d: \"%(value)s\" is not an e-mail address.")
                           % {"row": row, "value": email})  # fmt: skip
        website, row = value("website")
        if website:
            url = website if re.match(r"^[a-z][a-z0-9+.-]*://", website, re.IGNORECASE) else f"https://{website}"
            try:
                URLValidator(schemes=["http", "https"])(url)
                if len(url) > House._meta.get_field("website").max_length:
                    raise ValidationError("too long")
                house.website = url
            except ValidationError:
                self.error(row, "website", _("Row %(row)d: \"%(value)s\" is not a web address.")
                           % {"row": row, "value": website})  # fmt: skip

    def check_position(self, house: PlannedHouse, value) -> None:
        latitude, lat_row = value("latitude")
        longitude, lon_row = value("longitude")
        if not latitude and not longitude:
            return
        if not latitude or not longitude:
            row = lat_row if latitude else lon_row
            self.error(row, "longitude" if latitude else "latitude",
                       _("Row %(row)d: fill in both latitude and longitude, or leave both empty.")
                       % {"row": row})  # fmt: skip
            return
        lat, lon = _parse_decimal(latitude), _parse_decimal(longitude)
        for parsed, text, key, row in ((lat, latitude, "latitude", lat_row), (lon, longitude, "longitude", lon_row)):
            if parsed is None:
                self.error(row, key, _("Row %(row)d: %(column)s \"%(value)s\" is not a number.")
                           % {"row": row, "column": self.column(key), "value": text})  # fmt: skip
        if lat is None or lon is None:
            return
        if not (LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]):
            self.error(lat_row, "latitude",
                       _("Row %(row)d: the position %(latitude)s, %(longitude)s does not lie in the Netherlands or "
                         "Belgium. Did you swap latitude and longitude?")
                       % {"row": lat_row, "latitude": latitude, "longitude": longitude})  # fmt: skip
            return
        house.latitude, house.longitude = float(lat), float(lon)

    def check_postcode(self, house: PlannedHouse, value) -> None:
        postcode, row = value("postcode")
        if not postcode:
            self.error(row, "postcode", _("Row %(row)d: the postcode of %(house)s is missing.")
                       % {"row": row, "house": house.name})  # fmt: skip
            return
        if not is_valid_postcode(house.country, postcode):
            if house.country == "BE":
                message = _("Row %(row)d: postcode \"%(value)s\" is not a Belgian postcode. A Belgian postcode has "
                            "four digits, such as 2220.")  # fmt: skip
            else:
                message = _('Row %(row)d: postcode "%(value)s" is not a Dutch postcode. Write it like 5341 AB.')
            self.error(row, "postcode", message % {"row": row, "value": postcode})
            return
        digits = normalise_postcode(house.country, postcode)
        house.postcode = f"{digits[:4]} {digits[4:]}".strip() if house.country == "NL" else digits
        location = locate(house.country, house.postcode)
        if location is None:
            self.error(row, "postcode", _("Row %(row)d: we do not know the postcode %(value)s.")
                       % {"row": row, "value": postcode})  # fmt: skip
            return
        house.municipality = location.municipality
        latitude = house.latitude if house.latitude is not None else location.latitude
        longitude = house.longitude if house.longitude is not None else location.longitude
        house.district = nearest_district(latitude, longitude, house.municipality)
        self.check_network(house, row)

    def check_network(self, house: PlannedHouse, row: int) -> None:
        network = self.plan.network
        if self._existing is None:
            houses = network.houses.all().only("pk", "name", "slug", "postcode")
            self._existing = {(name_key(h.name), normalise_postcode("", h.postcode)): h for h in houses}
            self._network_areas = set(network.areas.values_list("pk", flat=True))
        existing = self._existing.get((name_key(house.name), normalise_postcode("", house.postcode)))
        if existing is not None:
            house.existing = existing
            self.warn(house.row, "house",
                      _("Row %(row)d: %(house)s with postcode %(postcode)s is already in this network. We skip this "
                        "house and its rooms; change it on the page of the house.")
                      % {"row": house.row, "house": house.name, "postcode": house.postcode})  # fmt: skip
        elif any(name_key(h.name) == name_key(house.name) for h in self._existing.values()):
            self.warn(house.row, "house",
                      _("Row %(row)d: this network already has a house called %(house)s, with another postcode. We "
                        "will add a new house.") % {"row": house.row, "house": house.name})  # fmt: skip
        if self._network_areas and house.municipality and house.municipality.pk not in self._network_areas:
            self.warn(row, "postcode",
                      _("Row %(row)d: %(house)s lies in the municipality of %(municipality)s, which is not one of the "
                        "municipalities of this network.")
                      % {"row": row, "house": house.name, "municipality": house.municipality.name})  # fmt: skip

    def check_parts(self, house: PlannedHouse) -> None:
        rooms = {name_key(room.name): room for room in house.rooms}
        for room in house.rooms:
            if not room.part_of:
                continue
            parent = rooms.get(name_key(room.part_of))
            if parent is None:
                self.error(room.row, "part_of",
                           _("Row %(row)d: %(column)s says \"%(value)s\", but the house %(house)s has no room with "
                             "that name in this file.")
                           % {"row": room.row, "column": self.column("part_of"), "value": room.part_of,
                              "house": house.name})  # fmt: skip
            elif parent is room:
                self.error(
                    room.row, "part_of", _("Row %(row)d: a room cannot be a part of itself.") % {"row": room.row}
                )
            elif parent.part_of:
                self.error(room.row, "part_of",
                           _("Row %(row)d: \"%(value)s\" is itself a part of a hall. A part cannot be divided "
                             "further.") % {"row": room.row, "value": parent.name})  # fmt: skip
            else:
                room.part_of = parent.name


def _parse_decimal(text: str) -> Decimal | None:
    """``"85"``, ``"85,5"``, ``"85.5"``, ``"1.200,5"`` → a Decimal; anything else → ``None``."""
    value = text.strip().replace(" ", "")
    if "," in value and "." in value:
        value = (
            value.replace(".", "").replace(",", ".") if value.rfind(",") > value.rfind(".") else value.replace(",", "")
        )
    else:
        value = value.replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None
