"""The database guards of billing (migration ``0002_database_guards``).

* Issued invoices and credit notes, and their lines, cannot be changed or deleted; lines cannot be added
  to them. PostgreSQL: trigger functions raising ``billing_invoice_frozen`` (SQLSTATE 23514). SQLite:
  triggers raising ``billing_invoice_frozen``. Both surface as ``IntegrityError``.
* Rate cards of the same house, room and kind of hire never overlap in time. PostgreSQL: an exclusion
  constraint; SQLite: triggers raising ``billing_ratecard_overlap``.

:func:`guards_off` lifts the invoice guard for maintenance inside one transaction (PostgreSQL: the
transaction-local setting ``billing.guard_off``; SQLite: a per-thread flag read by the SQL function
``billing_guard_off()``, which is registered on every connection; without it the trigger fails, so a raw
SQLite client cannot change issued invoices either). Only data erasure and test clean-up use it.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import connections, transaction

_state = threading.local()


def _guard_off_flag() -> int:
    return 1 if getattr(_state, "off", False) else 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: make ``billing_guard_off()`` known to a new SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("billing_guard_off", 0, _guard_off_flag)


@contextmanager
def guards_off(using: str = "default"):
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL billing.guard_off = 'on'")
        _state.off = True
        try:
            yield
        finally:
            _state.off = False
            if connection.vendor == "postgresql" and not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL billing.guard_off = 'off'")
