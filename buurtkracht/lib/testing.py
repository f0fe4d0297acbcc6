"""The allow/deny matrix format shared by every app (see tests/test_permission_matrix.py).

Each app lists its routes in ``buurtkracht/<app>/tests/matrix.py``::

    MATRIX = [
        Row("houses:manage", "get", lambda cast: reverse("houses:manage", args=[cast.house_a.slug]),
            allowed={"manager_a", "volunteer_a", "coordinator", "officer"}),
        Row("houses:edit", "post", ..., allowed={"manager_a", "coordinator"}, payload=lambda cast: {...}),
    ]
    PUBLIC_ROUTES = {"houses:public_detail"}   # URL names (or "api:<operation_id>") anyone may use

The cast is the one of ``conftest.py``. ``admin`` is always allowed. Roles in ``not_found`` expect 404
(they may not even know the object exists); every other role expects 403; the anonymous visitor is sent
to the login page (pages) or gets 401 (API). Allowed roles get any 2xx or 3xx except a login redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CAST_ROLES = [
    "admin", "coordinator", "officer", "manager_a", "manager_b", "volunteer_a", "contact", "referrer",
    "provider", "stranger", "anonymous",
]  # fmt: skip


@dataclass
class Row:
    name: str
    method: str
    path: Callable[[Any], str]
    allowed: set[str]
    not_found: set[str] = field(default_factory=set)
    payload: Callable[[Any], dict] | None = None
    api: bool = False
    content_type: str | None = None

    def expected(self, role: str) -> str:
        if role == "admin" or role in self.allowed:
            return "ok"
        if role == "anonymous":
            return "unauthenticated"
        if role in self.not_found:
            return "not_found"
        return "forbidden"
