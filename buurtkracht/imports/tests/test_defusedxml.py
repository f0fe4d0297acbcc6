"""XML inside uploaded workbooks is never expanded or resolved: we refuse any DTD before openpyxl starts,
openpyxl parses worksheets through defusedxml, and its other parser (lxml, when installed) does not
resolve entities. Each layer is tested on its own."""

import defusedxml.ElementTree
import openpyxl.xml
import openpyxl.xml.functions
import pytest
from defusedxml.common import DefusedXmlException

from buurtkracht.imports import spreadsheet
from buurtkracht.imports.checks import defusedxml_active
from buurtkracht.imports.spreadsheet import SpreadsheetError, read_spreadsheet
from buurtkracht.imports.tests.helpers import good_rows, xlsx_bytes
from buurtkracht.imports.tests.test_spreadsheet import BILLION_LAUGHS, _workbook_with_sheet_xml


def test_openpyxl_uses_defusedxml_for_worksheets():
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse
    assert defusedxml_active(None) == []


def test_openpyxls_other_xml_parser_does_not_expand_or_resolve_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    external = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]><x>&xxe;</x>'.encode()
    for document in (external, BILLION_LAUGHS.replace(b"<worksheet", b"<x").split(b"<x")[0] + b"<x>&lol9;</x>"):
        try:
            root = openpyxl.xml.functions.fromstring(document)
        except (DefusedXmlException, SyntaxError, ValueError):
            continue  # refused outright: fine
        text = "".join(root.itertext())
        assert "TOPSECRET" not in text
        assert len(text) < 1000


def test_defusedxml_stops_an_entity_bomb_even_without_our_dtd_check(monkeypatch):
    monkeypatch.setattr(spreadsheet, "check_no_dtd", lambda archive: None)
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(_workbook_with_sheet_xml(BILLION_LAUGHS))
    chain, error = [], caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(link, DefusedXmlException) for link in chain)


def test_without_defusedxml_we_refuse_workbooks_and_the_system_check_fails(monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(SpreadsheetError, match="CSV"):
        read_spreadsheet(xlsx_bytes(good_rows()))
    [error] = defusedxml_active(None)
    assert error.id == "imports.E001"
