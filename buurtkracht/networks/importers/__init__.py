"""Import of the public reference data (CBS, Statbel, Onroerend Erfgoed): areas and their statistics.

Use :func:`load_reference_data` (the ``load_reference_data`` management command calls it). It reads and
checks every file first, and writes only when all of them are clean, in one transaction.
"""

from buurtkracht.networks.importers.loading import DEFAULT_DATA_DIR, FileReport, LoadReport, load_reference_data
from buurtkracht.networks.importers.reading import ReferenceDataError, RowError
from buurtkracht.networks.importers.sources import FILES, KWB2022_SOURCE, KWB2024_SOURCE

__all__ = [
    "DEFAULT_DATA_DIR",
    "FILES",
    "KWB2022_SOURCE",
    "KWB2024_SOURCE",
    "FileReport",
    "LoadReport",
    "ReferenceDataError",
    "RowError",
    "load_reference_data",
]
