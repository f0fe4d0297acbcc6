"""The one permission layer of Buurtkracht.

Every view, API operation and service asks :func:`has_perm` (or :func:`require`) with a named permission
string such as ``houses.room:change`` and, where it applies, the object acted on. Each app registers its
rules in its own ``permissions.py`` with :func:`rule`; this module only decides. It fails closed: an
unknown permission, a rule that raises or a rule that does not answer ``True`` means "no".

Platform admins (active superusers) may do everything; their writes are audited like anyone's.
Memberships are read once per request (cached on the user object), so a revoked role bites on the next
request.
"""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

logger = logging.getLogger("buurtkracht.permissions")

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}


class UnknownPermission(LookupError):
    pass


def rule(*perms: str) -> Callable[[Rule], Rule]:
    """Register a function ``(user, obj) -> bool`` as the rule for one or more permission strings."""

    def register(fn: Rule) -> Rule:
        for perm in perms:
            if perm in _RULES:
                raise ValueError(f"Permission {perm!r} has two rules.")
            _RULES[perm] = fn
        return fn

    return register


def registered_permissions() -> list[str]:
    return sorted(_RULES)


def has_perm(user, perm: str, obj: Any = None) -> bool:
    fn = _RULES.get(perm)
    if fn is None:
        logger.error("Unknown permission %r asked; denied.", perm)
        return False
    if user is None or not getattr(user, "is_active", False) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    try:
        allowed = fn(user, obj) is True
    except Exception:  # fail closed: a broken rule denies
        logger.exception("Permission rule for %r raised; denied.", perm)
        return False
    if not allowed:
        logger.info("Denied %s to user %s on %r", perm, user.pk, obj)
    return allowed


def require(user, perm: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``user`` has ``perm`` on ``obj``."""
    if not has_perm(user, perm, obj):
        raise PermissionDenied(perm)


class Access:
    """The roles one person holds, grouped by scope. Built once per request from their memberships."""

    def __init__(self, user) -> None:
        from buurtkracht.accounts.models import Membership

        self.house: dict[int, set[str]] = defaultdict(set)
        self.network: dict[int, set[str]] = defaultdict(set)
        self.organisation: dict[int, set[str]] = defaultdict(set)
        if user is not None and user.is_authenticated and user.is_active:
            rows = Membership.objects.filter(user=user).values_list("role", "network_id", "house_id", "organisation_id")
            for role, network_id, house_id, organisation_id in rows:
                if house_id:
                    self.house[house_id].add(role)
                elif network_id:
                    self.network[network_id].add(role)
                elif organisation_id:
                    self.organisation[organisation_id].add(role)

    @property
    def roles(self) -> set[str]:
        found: set[str] = set()
        for scope in (self.house, self.network, self.organisation):
            for roles in scope.values():
                found |= roles
        return found

    def house_ids(self, roles: Iterable[str]) -> set[int]:
        wanted = set(roles)
        return {pk for pk, have in self.house.items() if have & wanted}

    def network_ids(self, roles: Iterable[str]) -> set[int]:
        wanted = set(roles)
        return {pk for pk, have in self.network.items() if have & wanted}

    def organisation_ids(self, roles: Iterable[str]) -> set[int]:
        wanted = set(roles)
        return {pk for pk, have in self.organisation.items() if have & wanted}

    def roles_for_house(self, house) -> set[str]:
        roles = set(self.house.get(house.pk, ()))
        if self.network:
            for network_id in house_network_ids(house):
                roles |= self.network.get(network_id, set())
        return roles

    def roles_for_network(self, network_id: int) -> set[str]:
        return set(self.network.get(network_id, ()))

    def house_q(self, roles: Iterable[str], *, prefix: str = "") -> Q:
        """A filter for houses (or rows reached via ``prefix``) where the person holds one of ``roles``,
        directly on the house or through one of its networks."""
        roles = set(roles)
        q = (
            Q(**{f"{prefix}pk__in": self.house_ids(roles)})
            if not prefix
            else Q(**{f"{prefix}id__in": self.house_ids(roles)})
        )
        network_ids = self.network_ids(roles)
        if network_ids:
            q |= Q(**{f"{prefix}networks__in": network_ids})
        return q


def access_for(user) -> Access:
    cached = getattr(user, "_buurtkracht_access", None)
    if cached is None:
        cached = Access(user)
        if user is not None:
            with contextlib.suppress(AttributeError):  # objects that refuse new attributes
                user._buurtkracht_access = cached
    return cached


def forget_access(user) -> None:
    """Drop the cached roles (after a membership change within the same request or test)."""
    if hasattr(user, "_buurtkracht_access"):
        del user._buurtkracht_access


def house_network_ids(house) -> set[int]:
    cached = getattr(house, "_network_ids", None)
    if cached is None:
        cached = set(house.networks.values_list("id", flat=True)) if house.pk else set()
        house._network_ids = cached
    return cached


def remember_network_ids(houses) -> None:
    """Read the networks of many houses in one query, so checking permissions on each costs none."""
    from buurtkracht.houses.models import House

    houses = [h for h in houses if h.pk and getattr(h, "_network_ids", None) is None]
    if not houses:
        return
    found: dict[int, set[int]] = {h.pk: set() for h in houses}
    links = House.networks.through.objects.filter(house_id__in=list(found)).values_list("house_id", "network_id")
    for house_id, network_id in links:
        found[house_id].add(network_id)
    for house in houses:
        house._network_ids = found[house.pk]


def roles_on_house(user, house) -> set[str]:
    return access_for(user).roles_for_house(house)


@rule("accounts.token:manage")
def _own_tokens(user, obj) -> bool:
    return obj is None or obj.user_id == user.pk


@rule("accounts.dashboard:view")
def _any_person(user, obj) -> bool:
    return True


# --- Rules for accounts.* (people, invitations, memberships) ----------------------------------------


@rule("accounts.invitation:revoke")
def _may_revoke_invitation(user, invitation) -> bool:
    """Whoever may invite in the invitation's scope may take an open invitation back."""
    from buurtkracht.accounts.scopes import can_invite

    return can_invite(user, invitation.scope)


@rule("accounts.membership:remove")
def _may_remove_membership(user, membership) -> bool:
    """Whoever may give this role in this scope may also take it away."""
    from buurtkracht.accounts.scopes import grantable_roles

    return membership.role in grantable_roles(user, membership.scope)
