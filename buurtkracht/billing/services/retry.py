"""Retry a whole transaction when SQLite reports a lock.

On PostgreSQL writers wait for row locks. SQLite serialises writers per database: with a file database the
busy timeout (settings ``timeout``) makes a writer wait, but a writer can still give up under heavy load, and
an in-memory shared-cache database (the test database) reports "table is locked" at once. Callers at the top
(views, API, commands) wrap writes that take invoice numbers in :func:`retrying`; the transaction is rolled
back and run again, so numbers stay gap-free either way.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")


def retrying(fn: Callable[[], T], *, attempts: int = 12) -> T:
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            locked = "locked" in str(exc) or "busy" in str(exc)
            if not locked or connection.in_atomic_block or attempt == attempts - 1:
                raise
            time.sleep(min(1.0, 0.01 * 2**attempt) * (0.5 + random.random()))  # noqa: S311 - jitter only
    raise AssertionError("unreachable")
