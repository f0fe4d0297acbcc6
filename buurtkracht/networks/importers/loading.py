"""Writing the checked records: compare with what is stored, then bulk-create and bulk-update, all in one
transaction. A second run with the same files changes nothing; with unchanged checksums it does not even
read the files (unless forced)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from buurtkracht.networks.importers.reading import ReferenceDataError
from buurtkracht.networks.importers.sources import FILES, AreaKey, AreaRecord, Plan, read_all
from buurtkracht.networks.models import Area, AreaStatistics, ReferenceDataFile

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
AREA_FIELDS = ["name", "parent_id", "province", "region", "latitude", "longitude"]
STATISTICS_FIELDS = [
    "population", "area_km2", "urbanity", "share_0_14", "share_15_24", "share_25_44", "share_45_64",
    "share_65_plus", "share_low_income", "share_high_income", "dwellings",
]  # fmt: skip
BATCH = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class FileReport:
    name: str
    areas: Counts = field(default_factory=Counts)
    statistics: Counts = field(default_factory=Counts)
    skipped: Counter = field(default_factory=Counter)
    skipped_details: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    files: list[FileReport]
    skipped_unchanged: bool = False
    """True when nothing was read because every file's checksum matched the last load."""

    @property
    def changed(self) -> bool:
        return any(
            f.areas.created or f.areas.updated or f.statistics.created or f.statistics.updated for f in self.files
        )


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_reference_data(data_dir: Path | None = None, *, force: bool = False) -> LoadReport:
    """Load every reference file of ``data_dir`` (default: the files shipped in ``networks/data``).

    Raises :class:`ReferenceDataError` listing file, line and problem when any file is malformed; then
    nothing at all is written."""
    data_dir = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    sums = {source.file: checksum(data_dir / source.file) for source in FILES if (data_dir / source.file).is_file()}
    if not force and _unchanged_since_last_load(sums):
        return LoadReport([FileReport(source.file) for source in FILES], skipped_unchanged=True)
    plan = read_all(data_dir)
    if plan.errors:
        raise ReferenceDataError(plan.errors)
    reports = {source.file: FileReport(source.file) for source in FILES}
    for file, reasons in plan.skipped.items():
        reports[file].skipped = reasons
        reports[file].skipped_details = plan.skipped_details.get(file, [])
    with transaction.atomic():
        ids = _write_areas(plan, reports)
        _write_statistics(plan, ids, reports)
        _remember_checksums(sums, plan)
    return LoadReport(list(reports.values()))


def _unchanged_since_last_load(sums: dict[str, str]) -> bool:
    if len(sums) != len(FILES):
        return False
    stored = {row.name: row for row in ReferenceDataFile.objects.filter(name__in=sums)}
    if any(name not in stored or stored[name].sha256 != digest for name, digest in sums.items()):
        return False
    # The checksums match; make sure the rows are still there (a wiped or trimmed table means: load again).
    expected_areas = sum(row.areas for row in stored.values())
    expected_statistics = sum(row.statistics for row in stored.values())
    return (
        Area.objects.filter(country__in=[Area.Country.NL, Area.Country.BE]).count() >= expected_areas
        and AreaStatistics.objects.count() >= expected_statistics
    )


def _existing_areas() -> dict[AreaKey, tuple]:
    rows = Area.objects.values_list("country", "kind", "code", "id", *AREA_FIELDS)
    return {(country, kind, code): (pk, *rest) for country, kind, code, pk, *rest in rows}


def _write_areas(plan: Plan, reports: dict[str, FileReport]) -> dict[AreaKey, int]:
    existing = _existing_areas()
    ids = {key: row[0] for key, row in existing.items()}
    # Parents first: municipalities have no parent; everything else points to one.
    levels = [
        [record for record in plan.areas.values() if record.parent is None],
        [record for record in plan.areas.values() if record.parent is not None],
    ]
    for records in levels:
        to_create: list[Area] = []
        to_update: list[Area] = []
        for record in records:
            parent_id = ids[record.parent] if record.parent else None
            desired = _area_values(record, parent_id)
            counts = reports[record.file].areas
            current = existing.get(record.key)
            if current is None:
                to_create.append(Area(country=record.country, kind=record.kind, code=record.code, **desired))
                counts.created += 1
            elif tuple(current[1:]) != tuple(desired[name] for name in AREA_FIELDS):
                to_update.append(Area(pk=current[0], **desired))
                counts.updated += 1
            else:
                counts.unchanged += 1
        Area.objects.bulk_create(to_create, batch_size=BATCH)
        Area.objects.bulk_update(to_update, AREA_FIELDS, batch_size=BATCH)
        if to_create:
            ids.update({key: row[0] for key, row in _existing_areas().items()})
    return ids


def _area_values(record: AreaRecord, parent_id: int | None) -> dict:
    return {
        "name": record.name,
        "parent_id": parent_id,
        "province": record.province,
        "region": record.region,
        "latitude": record.latitude,
        "longitude": record.longitude,
    }


def _write_statistics(plan: Plan, ids: dict[AreaKey, int], reports: dict[str, FileReport]) -> None:
    rows = AreaStatistics.objects.values_list("area_id", "year", "source", "id", *STATISTICS_FIELDS)
    existing = {(area_id, year, source): rest for area_id, year, source, *rest in rows}
    to_create: list[AreaStatistics] = []
    to_update: list[AreaStatistics] = []
    for record in plan.statistics:
        area_id = ids[record.area]
        desired = {name: record.values.get(name, "" if name == "urbanity" else None) for name in STATISTICS_FIELDS}
        counts = reports[record.file].statistics
        current = existing.get((area_id, record.year, record.source))
        if current is None:
            to_create.append(AreaStatistics(area_id=area_id, year=record.year, source=record.source, **desired))
            counts.created += 1
        elif tuple(current[1:]) != tuple(desired[name] for name in STATISTICS_FIELDS):
            to_update.append(AreaStatistics(pk=current[0], area_id=area_id, **desired))
            counts.updated += 1
        else:
            counts.unchanged += 1
    AreaStatistics.objects.bulk_create(to_create, batch_size=BATCH)
    AreaStatistics.objects.bulk_update(to_update, STATISTICS_FIELDS, batch_size=BATCH)


def _remember_checksums(sums: dict[str, str], plan: Plan) -> None:
    areas = Counter(record.file for record in plan.areas.values())
    statistics = Counter(record.file for record in plan.statistics)
    now = timezone.now()
    for name, digest in sums.items():
        ReferenceDataFile.objects.update_or_create(
            name=name,
            defaults={"sha256": digest, "areas": areas[name], "statistics": statistics[name], "loaded_at": now},
        )
