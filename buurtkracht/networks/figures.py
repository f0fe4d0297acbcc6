"""The public figures of an area in one place: the newest inhabitants count and the newest age and income
shares (which may come from different years), with their sources and the attribution to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from buurtkracht.networks.models import Area, AreaStatistics


@dataclass
class AreaFigures:
    area: Area
    population: int | None = None
    population_year: int | None = None
    share_65_plus: Decimal | None = None
    share_0_14: Decimal | None = None
    share_low_income: Decimal | None = None
    shares_year: int | None = None
    sources: list[str] = field(default_factory=list)

    @property
    def attribution(self) -> str:
        return "© Statbel" if self.area.country == Area.Country.BE else "Bron: CBS"

    @property
    def is_empty(self) -> bool:
        return self.population is None and self.share_65_plus is None and self.share_low_income is None


def figures_for(area: Area) -> AreaFigures | None:
    """Uses ``area.statistics.all()``, so prefetch ``statistics`` when you call this for many areas."""
    rows: list[AreaStatistics] = sorted(area.statistics.all(), key=lambda s: s.year, reverse=True)
    if not rows:
        return None
    figures = AreaFigures(area)
    for row in rows:
        if figures.population is None and row.population is not None:
            figures.population, figures.population_year = row.population, row.year
            figures.sources.append(row.source)
        if figures.shares_year is None and (row.share_65_plus is not None or row.share_low_income is not None):
            figures.share_65_plus, figures.share_0_14 = row.share_65_plus, row.share_0_14
            figures.share_low_income, figures.shares_year = row.share_low_income, row.year
            if row.source not in figures.sources:
                figures.sources.append(row.source)
    return None if figures.is_empty else figures
