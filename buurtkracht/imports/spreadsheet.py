"""Read an uploaded spreadsheet (.xlsx or .csv) into plain rows of text, safely.

An .xlsx file is a zip archive of XML files, so before openpyxl unpacks anything we inspect the archive
with :mod:`zipfile` and refuse zip bombs (declared sizes over :data:`MAX_UNCOMPRESSED_BYTES`), archives with
more than :data:`MAX_MEMBERS` members and archives that nest another archive. openpyxl then parses the XML
through defusedxml (entity expansion refused) in read-only mode, reading cached values rather than
formulas. A .csv file is UTF-8 (with or without byte order mark; Windows-1252 as a fallback for older
Excel versions) with a comma, semicolon or tab between the values.

Everything that makes a file unreadable raises :class:`SpreadsheetError` with a translated sentence;
checking the values themselves is the job of :mod:`buurtkracht.imports.validation`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 5000
EXCEL_MAX_ROW = 1_048_576
HEADER_SEARCH_ROWS = 10
ARCHIVE_SUFFIXES = (".zip", ".xlsx", ".xlsm", ".xls", ".docx", ".pptx", ".jar", ".gz", ".tgz", ".bz2", ".xz",
                    ".7z", ".rar", ".tar", ".cab")  # fmt: skip
ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format


class SpreadsheetError(Exception):
    """The file cannot be read at all. ``str(error)`` is a translated sentence for the person importing."""


@dataclass
class DataRow:
    number: int  # the row number as the spreadsheet program shows it (the header is usually row 1)
    values: list[str]


@dataclass
class Table:
    headers: list[str]
    header_row: int
    rows: list[DataRow]
    kind: str  # "xlsx" or "csv"
    notes: list[str] = field(default_factory=list)  # remarks about reading, such as the encoding used


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 2000))


def max_upload_bytes() -> int:
    return int(settings.IMPORT_MAX_UPLOAD_BYTES)


def too_large_message() -> str:
    return _("The file is larger than %(size)s. Split it into smaller files.") % {
        "size": filesizeformat(max_upload_bytes())
    }


def read_spreadsheet(data: bytes) -> Table:
    """Recognise the format from the content (never from the file name) and read the first sheet."""
    if len(data) > max_upload_bytes():
        raise SpreadsheetError(too_large_message())
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _("This is an old Excel file (.xls). Save it in Excel as an Excel workbook (.xlsx) and upload it again.")
        )
    return read_csv(data)


# --- xlsx -------------------------------------------------------------------------------------------------


def check_archive(data: bytes) -> None:
    """Refuse a zip archive that would unpack into too much, has too many members or nests an archive
    (read from the central directory and the first bytes of each member), then any part with a DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SpreadsheetError(_("This file is not a valid Excel file (.xlsx).")) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise SpreadsheetError(
                _("This Excel file consists of more than %(count)d parts. We do not read it, to keep the site safe.")
                % {"count": MAX_MEMBERS}
            )
        declared = sum(member.file_size for member in members)
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetError(
                _("Unpacked, this Excel file would take up %(size)s; we read at most %(limit)s.")
                % {"size": filesizeformat(declared), "limit": filesizeformat(MAX_UNCOMPRESSED_BYTES)}
            )
        for member in members:
            if member.is_dir():
                continue
            if member.filename.lower().endswith(ARCHIVE_SUFFIXES) or _starts_with_archive(archive, member):
                raise SpreadsheetError(
                    _("This Excel file contains another archive or an embedded file. Copy the data into a new, "
                      "plain workbook and upload that.")
                )  # fmt: skip
        try:
            check_no_dtd(archive)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as error:
            raise SpreadsheetError(_("This file is not a valid Excel file (.xlsx).")) from error


DOCTYPE_MARKERS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
CHUNK = 64 * 1024


def check_no_dtd(archive: zipfile.ZipFile) -> None:
    """Office Open XML never needs a document type declaration; refuse any part that has one. This stops
    entity expansion ("billion laughs") and external entities whichever XML parser openpyxl ends up using
    (defusedxml for worksheets, lxml without entity resolution when lxml is installed)."""
    overlap = max(len(marker) for marker in DOCTYPE_MARKERS)
    for member in archive.infolist():
        if member.is_dir():
            continue
        tail = b""
        with archive.open(member) as handle:
            while chunk := handle.read(CHUNK):
                window = tail + chunk
                if any(marker in window for marker in DOCTYPE_MARKERS):
                    raise SpreadsheetError(
                        _("This Excel file contains XML declarations that we do not accept, to keep the site "
                          "safe. Copy the data into a new workbook and upload that.")
                    )  # fmt: skip
                tail = window[-overlap:]


def _starts_with_archive(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    try:
        with archive.open(member) as handle:
            head = handle.read(8)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as error:
        raise SpreadsheetError(_("This file is not a valid Excel file (.xlsx).")) from error
    return head.startswith(ARCHIVE_MAGIC)


def read_xlsx(data: bytes) -> Table:
    check_archive(data)
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # never parse untrusted XML without defusedxml (see the system check imports.E001)
        logger.error("defusedxml is not active for openpyxl; refusing to read an uploaded workbook.")
        raise SpreadsheetError(_("Excel files cannot be read on this server at the moment. Upload a CSV file."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds of errors on a malformed or hostile file
        logger.info("Unreadable workbook: %r", error)
        raise SpreadsheetError(
            _("We cannot read this Excel file. Save it again as .xlsx and try once more.")
        ) from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("This Excel file has no sheet with data."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust the stored size; read what is there
        raw_rows = []
        empty = (None,) * MAX_COLUMNS
        for number, values in enumerate(sheet.iter_rows(min_col=1, max_col=MAX_COLUMNS, values_only=True), 1):
            if number > EXCEL_MAX_ROW:
                break
            if values == empty:
                continue  # fast path (compared in C): a sheet may claim a million empty rows
            cells = [cell_text(value) for value in values]
            if any(cells):
                raw_rows.append(DataRow(number, cells))
                if len(raw_rows) > max_rows() + 1:
                    break
    except SpreadsheetError:
        raise
    except Exception as error:
        logger.info("Unreadable worksheet: %r", error)
        raise SpreadsheetError(
            _("We cannot read this Excel file. Save it again as .xlsx and try once more.")
        ) from error
    finally:
        workbook.close()
    return _table(raw_rows, "xlsx")


def cell_text(value) -> str:
    """A cell value as text, the way a person reads it: ``25.0`` → ``"25"``, a date → ``"2026-03-16"``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _clean_text(str(value))


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    return text[:MAX_CELL_CHARS]


# --- csv --------------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, list[str]]:
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(
            _("This file is not a CSV text file. Save it as CSV UTF-8 or as an Excel workbook (.xlsx).")
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _('We cannot read the letters in this file. Save it in Excel as "CSV UTF-8" and upload it again.')
        ) from error
    return text, [
        _("This file is not in UTF-8, so we read it as Windows-1252 (older Excel). Check letters with accents in "
          "the preview, or save the file as \"CSV UTF-8\".")
    ]  # fmt: skip


def sniff_delimiter(text: str) -> str:
    """The separator of the header line: semicolon (Dutch Excel), comma or tab, whichever occurs most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: _count_outside_quotes(first, delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def read_csv(data: bytes) -> Table:
    text, notes = decode_text(data)
    if not text.strip():
        raise SpreadsheetError(_("The file is empty."))
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    raw_rows = []
    try:
        # Each record is one row, numbered as a spreadsheet program shows it (blank lines count as rows too).
        for number, values in enumerate(reader, 1):
            cells = [_clean_text(value) for value in values[:MAX_COLUMNS]]
            if any(cells):
                raw_rows.append(DataRow(number, cells))
                if len(raw_rows) > max_rows() + 1:
                    break
    except csv.Error as error:
        raise SpreadsheetError(
            _("Line %(line)d of this CSV file cannot be read: %(problem)s.")
            % {"line": reader.line_num, "problem": error}
        ) from error
    table = _table(raw_rows, "csv")
    table.notes[:0] = notes
    return table


def _header_index(raw_rows: list[DataRow]) -> int:
    """The header is the first of the first few rows that names at least two known columns (a title row
    above the table is allowed); when none does, the first row, so the missing columns get named."""
    from buurtkracht.imports.columns import column_for_header

    for index, row in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for value in row.values if value and column_for_header(value)) >= 2:
            return index
    return 0


def _table(raw_rows: list[DataRow], kind: str) -> Table:
    if not raw_rows:
        raise SpreadsheetError(_("The file is empty."))
    start = _header_index(raw_rows)
    header, *rows = raw_rows[start:]
    if len(rows) > max_rows():
        raise SpreadsheetError(
            _("The file has more than %(count)d rows. Split it into smaller files.") % {"count": max_rows()}
        )
    width = len(header.values)
    while width and not header.values[width - 1]:
        width -= 1
    headers = header.values[:width]
    notes = []
    for row in rows:
        if any(row.values[width:]) and not notes:
            notes.append(
                _("Row %(row)d has values in columns without a header; we leave those out.") % {"row": row.number}
            )
        row.values = (row.values + [""] * width)[:width]
    return Table(headers=headers, header_row=header.number, rows=rows, kind=kind, notes=notes)
