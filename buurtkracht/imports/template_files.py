"""The downloadable template: the columns in the current language with example rows (a house with a
divisible hall and a meeting room, and a Flemish house), generated on the fly. The .xlsx version has two
more sheets: what to fill in per column, and the facility catalogue."""

from __future__ import annotations

import csv
import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buurtkracht.houses.models import Facility
from buurtkracht.imports.columns import COLUMNS

# Facilities used in the examples, when the catalogue has them.
EXAMPLE_FACILITIES = {
    "hall": ["stage", "sound_system", "hearing_loop", "kitchen", "bar"],
    "half": ["sound_system"],
    "meeting": ["beamer", "wifi"],
    "flemish": ["kitchen", "bar", "wheelchair_access"],
}


def _facility_names(codes: list[str], catalogue: dict[str, Facility]) -> str:
    return ", ".join(catalogue[code].name for code in codes if code in catalogue)


def example_rows() -> list[dict[str, str]]:
    catalogue = {f.code: f for f in Facility.objects.all()}
    english = (get_language() or "nl").startswith("en")
    house = {
        "house": _("Community centre De Haard (example)"), "street": "Kerkstraat 1", "postcode": "5344 AB",
        "city": "Oss", "country": "NL", "owner_type": "municipality" if english else "gemeente",
        "email": "info@dehaard.example", "phone": "0412 123456", "website": "https://dehaard.example",
        "description": _("Meeting place for the neighbourhood, open every weekday."),
    }  # fmt: skip
    blank = dict.fromkeys(house, "")
    hall = _("Main hall")
    return [
        {**house, "room": hall, "capacity": "120", "floor_area_m2": "150",
         "facilities": _facility_names(EXAMPLE_FACILITIES["hall"], catalogue),
         "accessibility": _("Step-free entrance, hearing loop.")},
        {**blank, "room": _("Main hall half A"), "capacity": "60", "floor_area_m2": "75",
         "facilities": _facility_names(EXAMPLE_FACILITIES["half"], catalogue), "part_of": hall},
        {**blank, "room": _("Main hall half B"), "capacity": "60", "floor_area_m2": "75", "part_of": hall},
        {**blank, "room": _("Meeting room"), "capacity": "12", "floor_area_m2": "30,5",
         "facilities": _facility_names(EXAMPLE_FACILITIES["meeting"], catalogue)},
        {"house": _("Village hall Sint-Jozef (example)"), "street": "Dorpsstraat 10", "postcode": "2220",
         "city": "Heist-op-den-Berg", "country": "BE", "owner_type": "residents" if english else "bewoners",
         "room": _("Multi-purpose hall"), "capacity": "200", "floor_area_m2": "250",
         "facilities": _facility_names(EXAMPLE_FACILITIES["flemish"], catalogue)},
    ]  # fmt: skip


def _matrix() -> tuple[list[str], list[list[str]]]:
    headers = [column.label for column in COLUMNS]
    rows = [[row.get(column.key, "") for column in COLUMNS] for row in example_rows()]
    return headers, rows


def template_csv() -> bytes:
    """UTF-8 with a byte order mark and semicolons, which Dutch and Flemish Excel open correctly."""
    headers, rows = _matrix()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    headers, rows = _matrix()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Houses and rooms")[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append([_number_or_text(column.key, value) for column, value in zip(COLUMNS, row, strict=True)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, never a formula
    sheet.freeze_panes = "B2"
    for index, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(column.label) + 4)

    help_sheet = workbook.create_sheet(_("Explanation")[:31])
    help_sheet.append([_("Column"), _("Required"), _("What to fill in")])
    for column in COLUMNS:
        help_sheet.append([column.label, _("yes") if column.required else _("no"), str(column.help)])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["C"].width = 100

    facility_sheet = workbook.create_sheet(_("Facilities")[:31])
    facility_sheet.append([_("Dutch"), _("English"), _("Code")])
    for facility in Facility.objects.order_by("sort_order", "code"):
        facility_sheet.append([facility.name_nl, facility.name_en, facility.code])
    for cell in facility_sheet[1]:
        cell.font = Font(bold=True)
    for letter in "ABC":
        facility_sheet.column_dimensions[letter].width = 36

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number_or_text(key: str, value: str):
    if key == "capacity" and value.isdigit():
        return int(value)
    if key == "floor_area_m2" and value:
        return float(value.replace(",", "."))
    return value
