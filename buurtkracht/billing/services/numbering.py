"""Gap-free invoice numbers per seller and year.

The counter row is changed in the same transaction that issues the invoices, so a rolled-back issue gives
its numbers back and drafts take none. PostgreSQL: the row is locked with ``SELECT … FOR UPDATE`` until
commit. SQLite: writers are serialised by IMMEDIATE transactions (settings), and the update is a
compare-and-set on the old value, retried if another writer got in between.
"""

from __future__ import annotations

import time

from django.db import IntegrityError, OperationalError, connection, transaction

from buurtkracht.billing.models import InvoiceCounter

CAS_ATTEMPTS = 50


def scope_for(house, profile) -> str:
    if profile.numbering == profile.Numbering.NETWORK and profile.numbering_network_id:
        return f"network:{profile.numbering_network_id}"
    return f"house:{house.pk}"


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}{year}-{sequence:05d}"


def _counter(scope: str, year: int, prefix: str) -> InvoiceCounter:
    counter = InvoiceCounter.objects.filter(scope=scope, year=year).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            return InvoiceCounter.objects.create(scope=scope, year=year, prefix=prefix)
    except IntegrityError:  # created by another transaction at the same moment
        return InvoiceCounter.objects.get(scope=scope, year=year)


def reserve(*, scope: str, year: int, prefix: str, count: int = 1) -> tuple[InvoiceCounter, int]:
    """Take ``count`` consecutive numbers; returns the counter and the first sequence number. Must run inside
    the transaction that uses the numbers."""
    if not connection.in_atomic_block:
        raise RuntimeError("Invoice numbers can only be reserved inside a transaction.")
    if count < 1:
        raise ValueError("count must be at least 1")
    counter = _counter(scope, year, prefix)
    if connection.vendor == "postgresql":
        counter = InvoiceCounter.objects.select_for_update().get(pk=counter.pk)
        first = counter.last_number + 1
        InvoiceCounter.objects.filter(pk=counter.pk).update(last_number=counter.last_number + count)
        counter.last_number += count
        return counter, first
    for attempt in range(CAS_ATTEMPTS):
        try:
            current = InvoiceCounter.objects.filter(pk=counter.pk).values_list("last_number", flat=True).get()
            changed = InvoiceCounter.objects.filter(pk=counter.pk, last_number=current).update(
                last_number=current + count
            )
        except OperationalError as exc:  # "database table is locked" under SQLite shared cache
            if "locked" not in str(exc) or attempt == CAS_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
            continue
        if changed:
            counter.last_number = current + count
            return counter, current + 1
        time.sleep(0.001)
    raise OperationalError("Could not reserve an invoice number; try again.")
