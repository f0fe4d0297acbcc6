"""Fixtures of the core tests: a clock the session middleware reads, and a logged-in house manager."""

from __future__ import annotations

import pytest

from buurtkracht.core import middleware


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """The session middleware's clock, moved by hand (``clock.now += 60``)."""
    fake = Clock(1_900_000_000.0)
    monkeypatch.setattr(middleware, "time", fake)
    return fake


@pytest.fixture
def manager(cast, client, clock):
    client.force_login(cast.manager_a)  # the login stamps start and last request
    return client
