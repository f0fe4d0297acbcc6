"""docs/import.md stays true: its example imports cleanly and its column table lists every column."""

import re
from pathlib import Path

import pytest

from buurtkracht.imports.columns import COLUMNS
from buurtkracht.imports.spreadsheet import read_spreadsheet
from buurtkracht.imports.validation import build_plan
from buurtkracht.networks.tests.factories import NetworkFactory

DOC = Path(__file__).resolve().parents[3] / "docs" / "import.md"


@pytest.mark.django_db
def test_the_documented_example_is_clean(geography):
    example = re.search(r"```csv\n(.*?)```", DOC.read_text(), re.DOTALL).group(1)
    plan = build_plan(read_spreadsheet(example.encode()), network=NetworkFactory())
    assert plan.errors == []
    assert len(plan.new_houses) == 2 and plan.room_count == 5
    assert plan.houses[0].district == geography.ruwaard


def test_the_documented_columns_match_the_code():
    text = DOC.read_text()
    for column in COLUMNS:
        assert f"| `{column.nl}` | `{column.en}` |" in text
