"""Plain multi-row inserts for the monthly invoice run.

``QuerySet.bulk_create`` builds a model instance per row and compiles every value through the query
compiler; for tens of thousands of charge and invoice lines that is most of the run's time. Here each value
goes through the database's own adapter for its field type (what ``get_db_prep_save`` ends in) and the rows go
in with ``executemany``. Use only for new rows of which no primary key is needed afterwards, and
only inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections


def insert(model, names: Sequence[str], rows: Iterable[Sequence], *, using: str = "default", batch: int = 2000) -> int:
    """Insert ``rows`` (tuples in the order of ``names``, field names or attnames) into ``model``'s table."""
    connection = connections[using]
    fields = [model._meta.get_field(name) for name in names]
    adapters = [_adapter(field, connection) for field in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    count, chunk = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append([adapt(value) for adapt, value in zip(adapters, row, strict=True)])
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count, chunk = count + len(chunk), []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def _adapter(field, connection):
    """A function turning a Python value into what the driver gets for ``field``."""
    ops, kind = connection.ops, field.get_internal_type()
    if kind == "DecimalField":
        return lambda v: None if v is None else ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind in ("CharField", "TextField", "SlugField", "BigAutoField", "BigIntegerField", "IntegerField",
                "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "ForeignKey"):  # fmt: skip
        return _same
    return lambda v: field.get_db_prep_save(v, connection)


def _same(value):
    return value
