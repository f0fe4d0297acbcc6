"""Shared test material: a little geography (Oss with two districts and postcodes, Heist-op-den-Berg),
a few facilities, and spreadsheets built in memory."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from buurtkracht.houses.tests.factories import FacilityFactory
from buurtkracht.networks.models import Area
from buurtkracht.networks.tests.factories import DistrictFactory, MunicipalityFactory

HEADER = ["huis", "straat", "postcode", "plaats", "land", "eigenaar", "e-mail", "telefoon", "website", "zaal",
          "capaciteit", "oppervlakte_m2", "voorzieningen", "deel_van", "toegankelijkheid"]  # fmt: skip


def make_geography() -> SimpleNamespace:
    oss = MunicipalityFactory(code="GM0828", name="Oss", latitude=51.765, longitude=5.518)
    ruwaard = DistrictFactory(code="WK082806", name="Ruwaard", parent=oss, latitude=51.754, longitude=5.505)
    centrum = DistrictFactory(code="WK082801", name="Oss-Centrum", parent=oss, latitude=51.767, longitude=5.520)
    postcodes = {
        code: MunicipalityFactory(
            kind=Area.Kind.POSTCODE, code=code, name=code, parent=oss, latitude=lat, longitude=lon
        )
        for code, lat, lon in [("5341", 51.76776, 5.51979), ("5344", 51.75355, 5.50506)]
    }
    heist = MunicipalityFactory(country=Area.Country.BE, code="12014", name="Heist-op-den-Berg",
                                province="Antwerpen", latitude=51.07, longitude=4.72)  # fmt: skip
    MunicipalityFactory(country=Area.Country.BE, kind=Area.Kind.POSTCODE, code="2220", name="2220", parent=heist,
                        latitude=None, longitude=None)  # fmt: skip
    facilities = SimpleNamespace(
        kitchen=FacilityFactory(code="kitchen", name_nl="Keuken", name_en="Kitchen"),
        bar=FacilityFactory(code="bar", name_nl="Bar", name_en="Bar"),
        stage=FacilityFactory(code="stage", name_nl="Podium", name_en="Stage"),
        hearing_loop=FacilityFactory(code="hearing_loop", name_nl="Ringleiding", name_en="Hearing loop"),
    )
    return SimpleNamespace(oss=oss, ruwaard=ruwaard, centrum=centrum, postcodes=postcodes, heist=heist,
                           facilities=facilities)  # fmt: skip


def good_rows() -> list[list]:
    """Two houses in Oss (one with a divisible hall) and one in Heist-op-den-Berg: 3 houses, 6 rooms."""
    return [
        ["De Haard", "Kerkstraat 1", "5344 ab", "Oss", "NL", "gemeente", "info@dehaard.example", "0412 123456",
         "dehaard.example", "Grote zaal", 120, 150, "Podium, Ringleiding", "", "Drempelvrij"],
        ["", "", "", "", "", "", "", "", "", "Helft A", 60, "75,5", "keuken", "Grote zaal", ""],
        ["", "", "", "", "", "", "", "", "", "Helft B", "60", 75, "", "grote zaal", ""],
        ["De Bongerd", "Molenstraat 3", "5341 AB", "Oss", "", "bewoners", "", "", "", "Zaal", 40, "", "Bar", "", ""],
        ["De Bongerd", "", "", "", "", "", "", "", "", "Keuken", 8, "", "Kitchen", "", ""],
        ["Sint-Jozef", "Dorpsstraat 10", "2220", "Heist-op-den-Berg", "België", "", "", "", "", "Polyvalente zaal",
         200, 250, "", "", ""],
    ]  # fmt: skip


def xlsx_bytes(rows: list[list], header: list[str] | None = None, *, title_row: str = "") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[list], header: list[str] | None = None, *, delimiter=";", bom=False, encoding="utf-8"
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def row(**values) -> list:
    """One row by column name, e.g. ``row(huis="X", postcode="5341", zaal="Zaal", capaciteit=10)``."""
    named = {name.replace("-", "_"): value for name, value in values.items()}
    return [named.get(name.replace("-", "_"), "") for name in HEADER]
