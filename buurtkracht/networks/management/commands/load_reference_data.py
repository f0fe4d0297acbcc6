"""``manage.py load_reference_data``: load municipalities, wijken, deelgemeenten, postcodes and CBS figures."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtkracht.networks.importers import DEFAULT_DATA_DIR, ReferenceDataError, load_reference_data
from buurtkracht.networks.importers.loading import Counts, FileReport
from buurtkracht.networks.importers.sources import SKIP_DISCONTINUED, SKIP_SHARED_POSTCODE


class Command(BaseCommand):
    help = (
        "Load the public reference data (Dutch and Belgian municipalities, CBS wijken and their figures, "
        "postcodes, Flemish deelgemeenten). Idempotent; skips quickly when the files did not change."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help=f"Folder with the CSV files (default: {DEFAULT_DATA_DIR}).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Read and compare every row even when the files are the same as at the last load.",
        )

    def handle(self, *args, data_dir: Path, force: bool, verbosity: int, **options):
        started = time.monotonic()
        try:
            report = load_reference_data(data_dir, force=force)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        if report.skipped_unchanged:
            for file in report.files:
                self.stdout.write(_("%(file)s: unchanged") % {"file": file.name})
            self.stdout.write(
                _("The reference data is unchanged since the last load; nothing to do. Use --force to check every row.")
            )
            return
        for file in report.files:
            self.stdout.write(self._file_line(file))
            if verbosity >= 2:
                for detail in file.skipped_details:
                    self.stdout.write(f"    {_('skipped')}: {detail}")
        seconds = time.monotonic() - started
        summary = _("Reference data loaded in %(seconds).1f s.") % {"seconds": seconds}
        self.stdout.write(self.style.SUCCESS(summary) if report.changed else summary)

    def _file_line(self, file: FileReport) -> str:
        parts = []
        if file.areas.total:
            parts.append(_("areas: %(counts)s") % {"counts": self._counts(file.areas)})
        if file.statistics.total:
            parts.append(_("statistics: %(counts)s") % {"counts": self._counts(file.statistics)})
        if file.skipped[SKIP_DISCONTINUED]:
            count = file.skipped[SKIP_DISCONTINUED]
            parts.append(
                ngettext(
                    "%(count)d row skipped because its municipality no longer exists",
                    "%(count)d rows skipped because their municipality no longer exists",
                    count,
                )
                % {"count": count}
            )
        if file.skipped[SKIP_SHARED_POSTCODE]:
            count = file.skipped[SKIP_SHARED_POSTCODE]
            parts.append(
                ngettext(
                    "%(count)d postcode lies in a second municipality (the first one listed is kept)",
                    "%(count)d postcodes lie in a second municipality (the first one listed is kept)",
                    count,
                )
                % {"count": count}
            )
        return f"{file.name}: " + "; ".join(parts or [_("unchanged")])

    @staticmethod
    def _counts(counts: Counts) -> str:
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        }
