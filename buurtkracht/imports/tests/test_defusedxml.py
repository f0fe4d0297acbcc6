"""openpyxl parses uploaded workbooks through defusedxml, and we refuse to read them otherwise."""

import defusedxml.ElementTree
import openpyxl.xml
import openpyxl.xml.functions
import pytest
from defusedxml.common import DefusedXmlException

from buurtkracht.imports.checks import defusedxml_active
from buurtkracht.imports.spreadsheet import SpreadsheetError, read_spreadsheet
from buurtkracht.imports.tests.helpers import good_rows, xlsx_bytes
from buurtkracht.imports.tests.test_spreadsheet import BILLION_LAUGHS, _workbook_with_sheet_xml


def test_openpyxl_uses_defusedxml_for_every_parse():
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse
    assert openpyxl.xml.functions.fromstring is defusedxml.ElementTree.fromstring
    assert defusedxml_active(None) == []


def test_the_entity_bomb_is_stopped_by_defusedxml_itself():
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
