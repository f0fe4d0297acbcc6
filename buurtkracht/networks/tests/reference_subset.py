"""A small, real slice of the reference data (Oss, Bernheze, Heist-op-den-Berg and a few rows of merged
municipalities) written to a temporary folder, so importer tests run in milliseconds and can break one
file at a time."""

from __future__ import annotations

import re
from pathlib import Path

from buurtkracht.networks.importers import DEFAULT_DATA_DIR, FILES

KEEP = {
    "nl_gemeenten_2023_cbs.csv": r"^\d{4},GM(0828|1721),",
    "nl_kwb2022_gemeenten.csv": r"^GM(0828|1721|0457),",
    "nl_kwb2022_wijken.csv": r"^WK(0828\d\d|045700),",
    "nl_kwb2024_gm_wk_basic.csv": r"^(GM0828|WK0828\d\d),",
    "nl_pc4_centroids.csv": r"^(534\d|5028),",
    "be_municipalities_2025_refnis.csv": r"^(12014|11002),",
    "be_postcodes_refnis_2025.csv": r"^(222\d|2000),",
    "be_flanders_deelgemeenten_onroerenderfgoed.csv": r"^\d+,[^,]+,(12014|11007),",
}


def write_subset(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in FILES:
        lines = (DEFAULT_DATA_DIR / source.file).read_text(encoding="utf-8").splitlines()
        pattern = re.compile(KEEP[source.file])
        kept = [lines[0]] + [line for line in lines[1:] if pattern.search(line)]
        (folder / source.file).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


def replace_in(folder: Path, file: str, old: str, new: str) -> int:
    """Replace the first occurrence of ``old``; returns the 1-based line number where it was."""
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if old in line:
            lines[number - 1] = line.replace(old, new, 1)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number
    raise AssertionError(f"{old!r} not found in {file}")


def append_to(folder: Path, file: str, line: str) -> int:
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines() + [line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)
