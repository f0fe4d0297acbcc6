"""Reading and checking reference CSV files: every problem is collected with its file and line, so one run
shows what is wrong everywhere, and nothing is written while any problem remains."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

MAX_ERRORS_PER_FILE = 50


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("%(file)s, line %(line)d: %(message)s") % {
                "file": self.file,
                "line": self.line,
                "message": self.message,
            }
        return f"{self.file}: {self.message}"


class ReferenceDataError(Exception):
    """One or more reference files are malformed; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        self.message = self._render()  # in the language active where the problem was found
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def _render(self) -> str:
        shown = self.errors[:20]
        lines = [_("The reference data was not imported: fix these problems first.")]
        lines += [f"- {error}" for error in shown]
        if len(self.errors) > len(shown):
            lines.append(_("… and %(count)d more problems.") % {"count": len(self.errors) - len(shown)})
        return "\n".join(lines)


@dataclass
class Row:
    """One data line of a CSV file, with typed, checked access to its values."""

    reader: CsvReader
    line: int
    values: dict[str, str]
    ok: bool = True

    def error(self, message: str) -> None:
        self.ok = False
        self.reader.error(self.line, message)

    def text(self, column: str, *, required: bool = True, pattern: str | None = None, max_length: int = 120) -> str:
        value = (self.values.get(column) or "").strip()
        if not value:
            if required:
                self.error(_("the column “%(column)s” is empty.") % {"column": column})
            return ""
        if pattern and not re.fullmatch(pattern, value):
            self.error(
                _("“%(value)s” in the column “%(column)s” is not a valid code.") % {"value": value, "column": column}
            )
            return ""
        if len(value) > max_length:
            self.error(
                _("the value in the column “%(column)s” is longer than %(max)d characters.")
                % {"column": column, "max": max_length}
            )
            return ""
        return value

    def decimal(
        self,
        column: str,
        *,
        places: int,
        required: bool = False,
        minimum: Decimal | int | None = 0,
        maximum: Decimal | int | None = None,
    ) -> Decimal | None:
        raw = (self.values.get(column) or "").strip()
        if not raw:
            if required:
                self.error(_("the column “%(column)s” is empty.") % {"column": column})
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.error(_("“%(value)s” in the column “%(column)s” is not a number.") % {"value": raw, "column": column})
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(
                _("%(value)s in the column “%(column)s” is outside the possible range.")
                % {"value": raw, "column": column}
            )
            return None
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    def integer(self, column: str, *, required: bool = False) -> int | None:
        """A whole, non-negative number; ``"11500.0"`` is accepted (CBS writes some counts as decimals)."""
        raw = (self.values.get(column) or "").strip()
        value = self.decimal(column, places=6, required=required)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.error(
                _("“%(value)s” in the column “%(column)s” is not a whole number.") % {"value": raw, "column": column}
            )
            return None
        return int(value)

    def coordinate(self, column: str, *, latitude: bool) -> float | None:
        limit = 90 if latitude else 180
        value = self.decimal(column, places=8, minimum=-limit, maximum=limit)
        return None if value is None else float((self.values.get(column) or "").strip())


@dataclass
class CsvReader:
    """Reads one CSV file (UTF-8, comma-separated, header row) and checks its columns and shape."""

    path: Path
    columns: list[str]
    errors: list[RowError] = field(default_factory=list)
    file_errors: int = 0

    @property
    def name(self) -> str:
        return self.path.name

    def error(self, line: int, message: str) -> None:
        self.file_errors += 1
        if self.file_errors <= MAX_ERRORS_PER_FILE:
            self.errors.append(RowError(self.name, line, message))

    def __iter__(self) -> Iterator[Row]:
        if not self.path.is_file():
            self.error(0, _("the file is missing."))
            return
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None:
                    self.error(1, _("the file is empty; a header row is expected."))
                    return
                header = [column.strip() for column in header]
                missing = [column for column in self.columns if column not in header]
                if missing:
                    self.error(
                        1,
                        _("the header lacks the column(s) %(columns)s.")
                        % {"columns": ", ".join(f"“{column}”" for column in missing)},
                    )
                    return
                for values in reader:
                    line = reader.line_num
                    if not values or all(not value.strip() for value in values):
                        continue
                    if len(values) != len(header):
                        self.error(
                            line,
                            _("this line has %(found)d values where the header has %(expected)d columns.")
                            % {"found": len(values), "expected": len(header)},
                        )
                        continue
                    yield Row(self, line, dict(zip(header, values, strict=True)))
        except UnicodeDecodeError:
            self.error(0, _("the file is not UTF-8 text."))
        except csv.Error as exc:
            self.error(0, _("the file is not valid CSV (%(problem)s).") % {"problem": exc})
