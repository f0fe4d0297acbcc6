"""Plain multi-row inserts for the monthly invoice run.

``QuerySet.bulk_create`` builds a model instance per row and compiles every value through the query
compiler; for tens of thousands of charge and invoice lines that is most of the run's time. Here each value
goes through the database's own adapter for its field type (what ``get_db_prep_save`` ends in) and the rows go
in as multi-row ``INSERT`` statements. Use only for new rows of which no primary key is needed afterwards, and
only inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections


def insert(model, names: Sequence[str], rows: Iterable[Sequence], *, using: str = "default", batch: int = 2000) -> int:
    """Insert ``rows`` (tuples in the order of ``names``, field names or attnames) into ``model``'s table, many
    rows per ``INSERT … VALUES (…), (…)`` statement (as many as the database takes parameters), or one ``COPY`` on
    PostgreSQL."""
    connection = connections[using]
    fields = [model._meta.get_field(name) for name in names]
    if connection.vendor == "postgresql":
        return _copy(connection, model, fields, rows)
    adapters = [_adapter(field, connection) for field in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    head = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES "
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    max_params = connection.features.max_query_params or 65535
    per_statement = max(1, min(batch, max_params // len(fields)))
    count, chunk = 0, []

    def flush(cursor) -> None:
        cursor.execute(head + ", ".join([row_sql] * (len(chunk) // len(fields))), chunk)

    with connection.cursor() as cursor:
        for row in rows:
            chunk.extend(adapt(value) for adapt, value in zip(adapters, row, strict=True))
            count += 1
            if len(chunk) >= per_statement * len(fields):
                flush(cursor)
                chunk = []
        if chunk:
            flush(cursor)
    return count


def _copy(connection, model, fields, rows) -> int:
    """PostgreSQL: ``COPY … FROM STDIN`` (psycopg adapts Decimal, date and aware datetime values itself); a long
    ``INSERT … VALUES`` costs the server more to parse than to store."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
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


def set_column(model, column: str, pairs: list[tuple[int, int]], *, using: str = "default") -> int:
    """Set ``column`` per row: ``pairs`` of (primary key, value), both integers. PostgreSQL: one statement over
    two arrays; elsewhere one statement per distinct value."""
    connection = connections[using]
    if not pairs:
        return 0
    quote = connection.ops.quote_name
    table, col = quote(model._meta.db_table), quote(model._meta.get_field(column).column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET {col} = m.value FROM unnest(%s::bigint[], %s::bigint[]) AS m(pk, value) "
                f"WHERE {table}.id = m.pk",
                [[pk for pk, _v in pairs], [v for _pk, v in pairs]],
            )
            return cursor.rowcount
        by_value: dict[int, list[int]] = {}
        for pk, value in pairs:
            by_value.setdefault(value, []).append(pk)
        count = 0
        limit = (connection.features.max_query_params or 999) - 1
        for value, pks in by_value.items():
            for start in range(0, len(pks), limit):
                chunk = pks[start : start + limit]
                cursor.execute(f"UPDATE {table} SET {col} = %s WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                               [value, *chunk])  # fmt: skip
                count += cursor.rowcount
        return count
