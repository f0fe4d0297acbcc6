"""What each reference file means: one parser per file turns its rows into area and statistics records.

The parsers only read and check; :mod:`.loading` compares the records with the database and writes.
Files are parsed in the order of :data:`FILES`, because later files refer to areas of earlier ones
(a wijk to its municipality, a postcode to its municipality).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from buurtkracht.networks.importers.reading import CsvReader, Row, RowError
from buurtkracht.networks.models import Area

NL, BE = Area.Country.NL, Area.Country.BE
MUNICIPALITY, DISTRICT = Area.Kind.MUNICIPALITY, Area.Kind.DISTRICT
SUBMUNICIPALITY, POSTCODE = Area.Kind.SUBMUNICIPALITY, Area.Kind.POSTCODE

KWB2022_SOURCE = "CBS Kerncijfers wijken en buurten 2022"
KWB2024_SOURCE = "CBS Kerncijfers wijken en buurten 2024"

GM_CODE = r"GM\d{4}"
WK_CODE = r"WK\d{4}[0-9A-Z]{2}"
PC4_CODE = r"[1-9]\d{3}"
REFNIS_CODE = r"\d{5}"
DEELGEMEENTE_CODE = r"\d{5}[A-Z]{1,2}"

AreaKey = tuple[str, str, str]  # (country, kind, code)


@dataclass
class AreaRecord:
    country: str
    kind: str
    code: str
    name: str
    file: str
    parent: AreaKey | None = None
    province: str = ""
    region: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def key(self) -> AreaKey:
        return (self.country, self.kind, self.code)


@dataclass
class StatisticsRecord:
    area: AreaKey
    year: int
    source: str
    file: str
    values: dict


@dataclass
class Plan:
    """Everything the files say, checked, before anything is written."""

    areas: dict[AreaKey, AreaRecord] = field(default_factory=dict)
    statistics: list[StatisticsRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: dict[str, Counter] = field(default_factory=dict)
    skipped_details: dict[str, list[str]] = field(default_factory=dict)
    discontinued_municipalities: set[str] = field(default_factory=set)

    def skip(self, file: str, reason: str, detail: str = "") -> None:
        self.skipped.setdefault(file, Counter())[reason] += 1
        if detail:
            self.skipped_details.setdefault(file, []).append(detail)

    def add_area(self, row: Row, record: AreaRecord) -> bool:
        existing = self.areas.get(record.key)
        if existing is not None and existing.file == record.file:
            row.error(_("the code %(code)s appears more than once in this file.") % {"code": record.code})
            return False
        if existing is None:
            self.areas[record.key] = record
        return True

    def has(self, key: AreaKey) -> bool:
        return key in self.areas


SKIP_DISCONTINUED = "discontinued"
SKIP_SHARED_POSTCODE = "shared_postcode"


def _percent(row: Row, column: str) -> Decimal | None:
    return row.decimal(column, places=1, minimum=0, maximum=100)


def nl_municipalities(reader: CsvReader, plan: Plan) -> None:
    for row in reader:
        code = row.text("GemeentecodeGM", pattern=GM_CODE)
        name = row.text("Gemeentenaam")
        province = row.text("Provincienaam", max_length=80)
        if row.ok:
            plan.add_area(row, AreaRecord(NL, MUNICIPALITY, code, name, reader.name, province=province))


def _kwb2022_statistics(row: Row) -> dict:
    return {
        "population": row.integer("population"),
        "area_km2": row.decimal("area_km2", places=2),
        "urbanity": row.text("urbanity", required=False, max_length=40),
        "share_0_14": _percent(row, "pop_0_14"),
        "share_15_24": _percent(row, "pop_15_24"),
        "share_25_44": _percent(row, "pop_25_44"),
        "share_45_64": _percent(row, "pop_45_64"),
        "share_65_plus": _percent(row, "pop_65plus"),
        "share_low_income": _percent(row, "income_low"),
        "share_high_income": _percent(row, "income_high"),
        "dwellings": row.integer("dwelling_total"),
    }


def nl_kwb2022_municipalities(reader: CsvReader, plan: Plan) -> None:
    """Positions and 2022 figures of municipalities. Municipalities that merged after 2022 (they are not in
    the 2023 list) are remembered, so that their wijken can be skipped rather than refused."""
    seen: set[str] = set()
    for row in reader:
        code = row.text("code", pattern=GM_CODE)
        name = row.text("name")
        latitude = row.coordinate("lat", latitude=True)
        longitude = row.coordinate("lon", latitude=False)
        values = _kwb2022_statistics(row)
        if not row.ok:
            continue
        if code in seen:
            row.error(_("the code %(code)s appears more than once in this file.") % {"code": code})
            continue
        seen.add(code)
        key = (NL, MUNICIPALITY, code)
        if not plan.has(key):
            plan.discontinued_municipalities.add(code)
            plan.skip(reader.name, SKIP_DISCONTINUED, f"{code} {name}")
            continue
        plan.areas[key].latitude, plan.areas[key].longitude = latitude, longitude
        plan.statistics.append(StatisticsRecord(key, 2022, KWB2022_SOURCE, reader.name, values))


def _municipality_of_wijk(row: Row, plan: Plan, code: str, *, gm_code: str | None = None) -> AreaKey | None:
    """``WK082806`` lies in ``GM0828``. Returns ``None`` (and records why) when that municipality is unknown."""
    municipality = "GM" + code[2:6]
    if gm_code is not None and gm_code != municipality:
        row.error(
            _("the wijk %(code)s does not lie in the municipality %(municipality)s.")
            % {"code": code, "municipality": gm_code}
        )
        return None
    key = (NL, MUNICIPALITY, municipality)
    if plan.has(key):
        return key
    if municipality in plan.discontinued_municipalities:
        plan.skip(row.reader.name, SKIP_DISCONTINUED, code)
        return None
    row.error(_("the municipality %(code)s is unknown.") % {"code": municipality})
    return None


def nl_kwb2022_districts(reader: CsvReader, plan: Plan) -> None:
    for row in reader:
        code = row.text("code", pattern=WK_CODE)
        name = row.text("name")
        latitude = row.coordinate("lat", latitude=True)
        longitude = row.coordinate("lon", latitude=False)
        values = _kwb2022_statistics(row)
        if not row.ok:
            continue
        parent = _municipality_of_wijk(row, plan, code)
        if parent is None:
            continue
        record = AreaRecord(
            NL,
            DISTRICT,
            code,
            name,
            reader.name,
            parent=parent,
            province=plan.areas[parent].province,
            latitude=latitude,
            longitude=longitude,
        )
        if plan.add_area(row, record):
            plan.statistics.append(StatisticsRecord(record.key, 2022, KWB2022_SOURCE, reader.name, values))


def nl_kwb2024(reader: CsvReader, plan: Plan) -> None:
    """2024 inhabitants, dwellings and area of municipalities and wijken. A wijk that is new since 2022 gets
    an area too; the file has no wijk names, so it is named after its number and municipality."""
    seen: set[str] = set()
    for row in reader:
        level = row.text("level")
        if level and level not in {"gemeente", "wijk"}:
            row.error(_("the level “%(level)s” is neither “gemeente” nor “wijk”.") % {"level": level})
        pattern = WK_CODE if level == "wijk" else GM_CODE
        code = row.text("code", pattern=pattern)
        gm_code = row.text("gm_code", pattern=GM_CODE)
        municipality_name = row.text("gemeente")
        hectares = row.decimal("OppervlakteTotaal", places=2)
        values = {
            "population": row.integer("AantalInwoners", required=True),
            "dwellings": row.integer("Woningvoorraad"),
            "area_km2": None if hectares is None else (hectares / 100).quantize(Decimal("0.01")),
        }
        if not row.ok:
            continue
        if code in seen:
            row.error(_("the code %(code)s appears more than once in this file.") % {"code": code})
            continue
        seen.add(code)
        if level == "gemeente":
            key = (NL, MUNICIPALITY, code)
            if code != gm_code:
                row.error(_("the municipality %(code)s does not match its gm_code.") % {"code": code})
                continue
            if not plan.has(key):
                row.error(_("the municipality %(code)s is unknown.") % {"code": code})
                continue
        else:
            parent = _municipality_of_wijk(row, plan, code, gm_code=gm_code)
            if parent is None:
                continue
            key = (NL, DISTRICT, code)
            if not plan.has(key):
                name = _new_wijk_name(code, municipality_name)
                record = AreaRecord(
                    NL, DISTRICT, code, name, reader.name, parent=parent, province=plan.areas[parent].province
                )
                plan.add_area(row, record)
        plan.statistics.append(StatisticsRecord(key, 2024, KWB2024_SOURCE, reader.name, values))


def _new_wijk_name(code: str, municipality: str) -> str:
    # Data, not interface text: CBS names wijken in Dutch, so the fallback is Dutch too.
    return f"Wijk {code[6:]} ({municipality})"


def nl_postcodes(reader: CsvReader, plan: Plan) -> None:
    for row in reader:
        code = row.text("pc4", pattern=PC4_CODE)
        place = row.text("plaats", required=False, max_length=100)
        gm_code = row.text("gm_code", required=False, pattern=GM_CODE)
        latitude = row.coordinate("lat", latitude=True)
        longitude = row.coordinate("lon", latitude=False)
        if not row.ok:
            continue
        parent = None
        if gm_code:
            parent = (NL, MUNICIPALITY, gm_code)
            if not plan.has(parent):
                row.error(_("the municipality %(code)s is unknown.") % {"code": gm_code})
                continue
        name = f"{code} {place}".strip()
        province = plan.areas[parent].province if parent else ""
        plan.add_area(
            row,
            AreaRecord(
                NL,
                POSTCODE,
                code,
                name,
                reader.name,
                parent=parent,
                province=province,
                latitude=latitude,
                longitude=longitude,
            ),
        )


def _strip_province(value: str) -> str:
    return value.removeprefix("Provincie ").strip()


def be_municipalities(reader: CsvReader, plan: Plan) -> None:
    for row in reader:
        code = row.text("refnis", pattern=REFNIS_CODE)
        name = row.text("name_nl", required=False) or row.text("name_fr")
        province = _strip_province(row.text("province_nl", required=False, max_length=90))
        region = row.text("region_nl", max_length=80)
        if row.ok:
            plan.add_area(row, AreaRecord(BE, MUNICIPALITY, code, name, reader.name, province=province, region=region))


def be_postcodes(reader: CsvReader, plan: Plan) -> None:
    """A few Belgian postcodes lie in two municipalities (1040, 1050, 1804): the first one listed is kept
    as the postcode's municipality, and the others are reported."""
    for row in reader:
        code = row.text("postcode", pattern=PC4_CODE)
        refnis = row.text("refnis", pattern=REFNIS_CODE)
        municipality_name = row.text("gemeente_nl", required=False) or row.text("gemeente_fr")
        if not row.ok:
            continue
        parent = (BE, MUNICIPALITY, refnis)
        if not plan.has(parent):
            row.error(_("the municipality %(code)s is unknown.") % {"code": refnis})
            continue
        key = (BE, POSTCODE, code)
        if plan.has(key):
            plan.skip(reader.name, SKIP_SHARED_POSTCODE, f"{code} {municipality_name}")
            continue
        municipality = plan.areas[parent]
        plan.add_area(
            row,
            AreaRecord(
                BE,
                POSTCODE,
                code,
                f"{code} {municipality.name}",
                reader.name,
                parent=parent,
                province=municipality.province,
                region=municipality.region,
            ),
        )


def be_deelgemeenten(reader: CsvReader, plan: Plan) -> None:
    """Flemish deelgemeenten as they were before the 2025 mergers. Those of a municipality that no longer
    exists are skipped and counted: the list does not say which new municipality they now belong to."""
    for row in reader:
        code = row.text("deelgemeente_id", pattern=DEELGEMEENTE_CODE)
        name = row.text("deelgemeente_naam")
        refnis = row.text("gemeente_id", pattern=REFNIS_CODE)
        if not row.ok:
            continue
        if not code.startswith(refnis):
            row.error(
                _("the deelgemeente %(code)s does not belong to the municipality %(municipality)s.")
                % {"code": code, "municipality": refnis}
            )
            continue
        parent = (BE, MUNICIPALITY, refnis)
        if not plan.has(parent):
            plan.skip(reader.name, SKIP_DISCONTINUED, f"{code} {name} ({row.values.get('gemeente_naam', '')})")
            continue
        municipality = plan.areas[parent]
        plan.add_area(
            row,
            AreaRecord(
                BE,
                SUBMUNICIPALITY,
                code,
                name,
                reader.name,
                parent=parent,
                province=municipality.province,
                region=municipality.region,
            ),
        )


@dataclass(frozen=True)
class Source:
    file: str
    columns: list[str]
    parse: Callable[[CsvReader, Plan], None]


FILES: list[Source] = [
    Source(
        "nl_gemeenten_2023_cbs.csv",
        ["GemeentecodeGM", "Gemeentenaam", "Provincienaam"],
        nl_municipalities,
    ),
    Source(
        "nl_kwb2022_gemeenten.csv",
        [
            "code",
            "name",
            "lat",
            "lon",
            "area_km2",
            "urbanity",
            "population",
            "pop_0_14",
            "pop_15_24",
            "pop_25_44",
            "pop_45_64",
            "pop_65plus",
            "dwelling_total",
            "income_low",
            "income_high",
        ],  # fmt: skip
        nl_kwb2022_municipalities,
    ),
    Source(
        "nl_kwb2022_wijken.csv",
        [
            "code",
            "name",
            "lat",
            "lon",
            "area_km2",
            "urbanity",
            "population",
            "pop_0_14",
            "pop_15_24",
            "pop_25_44",
            "pop_45_64",
            "pop_65plus",
            "dwelling_total",
            "income_low",
            "income_high",
        ],  # fmt: skip
        nl_kwb2022_districts,
    ),
    Source(
        "nl_kwb2024_gm_wk_basic.csv",
        ["code", "level", "gm_code", "gemeente", "AantalInwoners", "Woningvoorraad", "OppervlakteTotaal"],
        nl_kwb2024,
    ),
    Source("nl_pc4_centroids.csv", ["pc4", "lat", "lon", "plaats", "gm_code"], nl_postcodes),
    Source(
        "be_municipalities_2025_refnis.csv",
        ["refnis", "name_nl", "name_fr", "province_nl", "region_nl"],
        be_municipalities,
    ),
    Source("be_postcodes_refnis_2025.csv", ["postcode", "refnis", "gemeente_nl", "gemeente_fr"], be_postcodes),
    Source(
        "be_flanders_deelgemeenten_onroerenderfgoed.csv",
        ["gemeente_id", "gemeente_naam", "deelgemeente_id", "deelgemeente_naam"],
        be_deelgemeenten,
    ),
]


def read_all(data_dir: Path) -> Plan:
    plan = Plan()
    for source in FILES:
        reader = CsvReader(data_dir / source.file, source.columns, plan.errors)
        source.parse(reader, plan)
    return plan
