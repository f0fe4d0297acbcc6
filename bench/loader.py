"""Fast bulk writes for the benchmark generator: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples of values already in the database's text form (datetimes as naive UTC
``YYYY-MM-DD HH:MM:SS``, which both databases read as UTC: Django sets the PostgreSQL session to UTC).
Columns the generator does not fill get their model default, so new fields with a default do not break it.
"""

from __future__ import annotations

import json
import time as clock
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from django.db import connection
from django.utils import timezone

CHUNK = 50_000


def sql_datetime(moment: datetime) -> str:
    """A naive UTC datetime in the text form Django stores."""
    return str(moment)


def db_bool(value: bool):
    return ("t" if value else "f") if connection.vendor == "postgresql" else int(value)


def db_uuid(value: uuid.UUID) -> str:
    return str(value) if connection.vendor == "postgresql" else value.hex


class Table:
    """The columns of ``model`` in the order: ``fields`` first (filled per row), then every other column
    with a constant default."""

    def __init__(self, model, fields: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        missing = [name for name in fields if name not in by_name]
        if missing:
            raise ValueError(f"{model.__name__} has no fields {missing}")
        self.fields = [by_name[name] for name in fields]
        self.rest = [
            f for f in model._meta.concrete_fields
            if f.attname not in fields and not (f.primary_key and f.get_internal_type().endswith("AutoField"))
        ]  # fmt: skip
        self.columns = [f.column for f in self.fields + self.rest]
        self.constants = tuple(self._default(f) for f in self.rest)

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            return None
        elif field.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField", "URLField"):
            value = ""
        else:
            raise ValueError(f"{self.model.__name__}.{field.name} needs a value: the generator must fill it")
        return to_db(value)

    def write(self, rows: Iterable[tuple], *, escape: bool = False) -> int:
        constants = self.constants
        full = (row + constants for row in rows)
        return write_rows(self.table, self.columns, full, escape=escape)


def to_db(value):
    """One Python value in the text form for the current database."""
    if value is None:
        return None
    if isinstance(value, bool):
        return db_bool(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(timezone.UTC).replace(tzinfo=None)
        return sql_datetime(value)
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return db_uuid(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return value


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_rows(table: str, columns: Sequence[str], rows: Iterable[tuple], *, escape: bool = False) -> int:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                buffer: list[str] = []
                for row in rows:
                    if escape:
                        line = "\t".join(
                            "\\N" if v is None else (_escape(v) if isinstance(v, str) else str(v)) for v in row
                        )
                    else:
                        line = "\t".join("\\N" if v is None else str(v) for v in row)
                    buffer.append(line)
                    count += 1
                    if len(buffer) >= CHUNK:
                        copy.write("\n".join(buffer) + "\n")
                        buffer.clear()
                if buffer:
                    copy.write("\n".join(buffer) + "\n")
        else:
            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"
            raw = cursor.cursor  # the sqlite3 cursor: qmark style, no Django parameter rewriting
            batch: list[tuple] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= CHUNK:
                    raw.executemany(sql, batch)
                    count += len(batch)
                    batch.clear()
            if batch:
                raw.executemany(sql, batch)
                count += len(batch)
    return count


class BulkLoad:
    """For the benchmark database only: drop secondary indexes, constraints and the SQLite overlap triggers
    of the big tables while loading, and build them again afterwards (which re-checks the data: the
    exclusion constraint on PostgreSQL refuses overlapping claims when it is added back)."""

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self.recreate: list[str] = []
        self.timings: list[tuple[str, float]] = []

    def __enter__(self) -> BulkLoad:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET maintenance_work_mem = '512MB'")
                cursor.execute("SET synchronous_commit = off")
                for table in self.tables:
                    cursor.execute(
                        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid = %s::regclass AND contype <> 'p' ORDER BY contype DESC",
                        [table],
                    )
                    constraints = cursor.fetchall()
                    cursor.execute(
                        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                        [table],
                    )
                    indexes = cursor.fetchall()
                    for name, _definition in constraints:
                        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                    for name, _definition in indexes:
                        cursor.execute(f'DROP INDEX "{name}"')
                    self.recreate += [definition for _name, definition in indexes]
                    self.recreate += [
                        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for name, definition in constraints
                    ]
            else:
                cursor.execute("PRAGMA foreign_keys=OFF")
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA journal_mode=OFF")  # one big transaction; the file is rebuilt on failure
                cursor.execute("PRAGMA cache_size=-1000000")
                for table in self.tables:
                    cursor.execute(
                        "SELECT name, sql FROM sqlite_master WHERE tbl_name = %s AND type IN ('index', 'trigger') "
                        "AND sql IS NOT NULL",
                        [table],
                    )
                    for name, sql in cursor.fetchall():
                        kind = "TRIGGER" if sql.lstrip().upper().startswith("CREATE TRIGGER") else "INDEX"
                        cursor.execute(f'DROP {kind} "{name}"')
                        self.recreate.append(sql)
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is not None:
            return
        with connection.cursor() as cursor:
            for statement in self.recreate:
                started = clock.perf_counter()
                cursor.execute(statement)
                self.timings.append((statement.split("(")[0][:90], clock.perf_counter() - started))
            if connection.vendor == "postgresql":
                # What autovacuum does on a live database after bulk inserts (PostgreSQL 13+ vacuums after
                # inserts too): statistics, and the visibility map that lets index-only scans skip the heap.
                cursor.execute("VACUUM ANALYZE")
            else:
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA journal_mode=WAL")  # no ANALYZE: a product SQLite file has no statistics


def reset_sequences(models) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite AUTOINCREMENT follows the largest id inserted
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
