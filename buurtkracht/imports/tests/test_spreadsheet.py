"""Reading .xlsx and .csv files safely: formats, encodings, separators, and hostile archives."""

import io
import time
import zipfile

import pytest

from buurtkracht.imports.spreadsheet import (
    MAX_MEMBERS,
    SpreadsheetError,
    check_archive,
    read_spreadsheet,
    sniff_delimiter,
)
from buurtkracht.imports.tests.helpers import HEADER, csv_bytes, good_rows, xlsx_bytes


def test_it_reads_an_xlsx_file_with_row_numbers_and_plain_text_values():
    table = read_spreadsheet(xlsx_bytes(good_rows()))
    assert table.kind == "xlsx"
    assert table.headers == HEADER
    assert table.header_row == 1
    assert [r.number for r in table.rows] == [2, 3, 4, 5, 6, 7]
    first = dict(zip(HEADER, table.rows[0].values, strict=True))
    assert first["huis"] == "De Haard"
    assert first["capaciteit"] == "120"  # an integer cell, not "120.0"
    assert first["oppervlakte_m2"] == "150"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_it_reads_csv_with_semicolon_comma_or_tab(delimiter):
    table = read_spreadsheet(csv_bytes(good_rows(), delimiter=delimiter))
    assert table.kind == "csv"
    assert table.headers == HEADER
    assert len(table.rows) == 6
    assert table.rows[0].values[HEADER.index("voorzieningen")] == "Podium, Ringleiding"
    assert table.rows[1].values[HEADER.index("oppervlakte_m2")] == "75,5"


def test_it_reads_utf8_csv_with_a_byte_order_mark():
    table = read_spreadsheet(csv_bytes(good_rows(), bom=True))
    assert table.headers[0] == "huis"  # no "\ufeffhuis"
    assert table.rows[-1].values[HEADER.index("land")] == "België"
    assert table.notes == []


def test_it_falls_back_to_windows_1252_with_a_note():
    table = read_spreadsheet(csv_bytes(good_rows(), encoding="cp1252"))
    assert table.rows[-1].values[HEADER.index("land")] == "België"
    assert any("Windows-1252" in note for note in table.notes)


def test_semicolons_inside_quotes_do_not_decide_the_separator():
    assert sniff_delimiter('"a;b;c",d,e\n1,2,3') == ","
    assert sniff_delimiter("huis;postcode;zaal") == ";"


def test_rows_are_numbered_as_a_spreadsheet_shows_them_skipping_blank_rows():
    data = csv_bytes([["De Haard", "", "5344"] + [""] * 12]).replace(b"\r\n", b"\r\n;;;\r\n\r\n", 1)
    table = read_spreadsheet(data)
    assert [r.number for r in table.rows] == [4]


def test_a_title_row_above_the_header_is_allowed():
    table = read_spreadsheet(xlsx_bytes(good_rows(), title_row="Huizen van netwerk Brabant"))
    assert table.header_row == 2
    assert table.rows[0].number == 3


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"\xef\xbb\xbf", b";;;\r\n;;\r\n"])
def test_it_refuses_an_empty_file(data):
    with pytest.raises(SpreadsheetError, match="leeg"):
        read_spreadsheet(data)


def test_it_refuses_an_empty_workbook():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(SpreadsheetError, match="leeg"):
        read_spreadsheet(buffer.getvalue())


def test_it_refuses_the_old_xls_format_with_advice():
    with pytest.raises(SpreadsheetError, match=r"\.xlsx"):
        read_spreadsheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)


def test_it_refuses_a_file_over_the_upload_limit(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    with pytest.raises(SpreadsheetError, match="groter dan"):
        read_spreadsheet(b"huis;postcode\n" + b"x;5341\n" * 20)


def test_it_refuses_too_many_rows(settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(SpreadsheetError, match="meer dan 3 rijen"):
        read_spreadsheet(csv_bytes(good_rows()))


def test_it_refuses_a_broken_zip_as_not_an_excel_file():
    with pytest.raises(SpreadsheetError, match="geen geldig Excel-bestand"):
        read_spreadsheet(b"PK\x03\x04 this is not really a zip")


def test_it_refuses_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(SpreadsheetError, match="niet lezen"):
        read_spreadsheet(buffer.getvalue())


def _zip_with_declared_size(declared: int) -> bytes:
    """A tiny zip whose central directory claims a member of ``declared`` bytes (as a zip bomb does)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<x/>")
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = declared.to_bytes(4, "little")  # uncompressed size field
    return bytes(data)


def test_it_refuses_a_zip_bomb_from_its_declared_size_quickly():
    data = _zip_with_declared_size(4_000_000_000)
    assert len(data) < 1000
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match="hoogstens 50"):
        read_spreadsheet(data)
    assert time.perf_counter() - started < 2


def test_it_refuses_a_real_compressed_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (51 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(SpreadsheetError, match="hoogstens 50"):
        check_archive(buffer.getvalue())


def test_it_refuses_an_archive_with_too_many_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(MAX_MEMBERS + 1):
            archive.writestr(f"xl/part{number}.xml", b"")
    with pytest.raises(SpreadsheetError, match="meer dan 1000 delen"):
        read_spreadsheet(buffer.getvalue())


@pytest.mark.parametrize("name", ["xl/embeddings/inner.zip", "xl/media/picture.png"])
def test_it_refuses_a_nested_archive_by_name_or_content(name):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.txt", "a")
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(name, inner.getvalue())
    with pytest.raises(SpreadsheetError, match="ander archief"):
        read_spreadsheet(outer.getvalue())


def _workbook_with_sheet_xml(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet is replaced by ``sheet_xml``."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(good_rows())))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            archive.writestr(info.filename, content)
    return target.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def test_it_refuses_a_billion_laughs_worksheet_quickly():
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match="XML-declaraties"):
        read_spreadsheet(_workbook_with_sheet_xml(BILLION_LAUGHS))
    assert time.perf_counter() - started < 2


def test_it_finds_a_dtd_in_utf16_and_across_chunk_borders():
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16")
    with pytest.raises(SpreadsheetError, match="XML-declaraties"):
        read_spreadsheet(_workbook_with_sheet_xml(utf16))
    padded = b"<!-- " + b"x" * (64 * 1024 - 7) + b" --><!DOCTYPE x><x/>"
    with pytest.raises(SpreadsheetError, match="XML-declaraties"):
        read_spreadsheet(_workbook_with_sheet_xml(padded))


def test_an_external_entity_is_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://' + str(secret).encode() + b'">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    with pytest.raises(SpreadsheetError, match="XML-declaraties"):
        read_spreadsheet(_workbook_with_sheet_xml(xml))


def test_a_stray_far_away_cell_does_not_hang_the_reader():
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>huis</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>postcode</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>De Haard</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    started = time.perf_counter()
    table = read_spreadsheet(_workbook_with_sheet_xml(xml))
    assert time.perf_counter() - started < 5
    assert table.headers == ["huis", "postcode"]
    assert [r.number for r in table.rows] == [2]


def test_formulas_are_read_as_their_cached_values_not_as_formulas():
    data = xlsx_bytes([['=HYPERLINK("http://evil.example")', "", "5341"] + [""] * 12])
    table = read_spreadsheet(data)
    # openpyxl wrote no cached value, so data_only gives an empty cell instead of the formula text
    assert table.rows == [] or not table.rows[0].values[0].startswith("=")
