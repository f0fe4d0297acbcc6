"""URLs other apps may link to: the invite page of a house, network or organisation, and where a role
in a scope is worked on."""

from django.urls import reverse

from buurtkracht.accounts.scopes import HOUSE, NETWORK, scope_key, scope_kind


def invite_url(scope) -> str:
    """The page where people are invited to ``scope`` (a House, Network or Organisation)."""
    return reverse("accounts:invite", args=[scope_kind(scope), scope_key(scope)])


def workplace_url(scope, role: str | None = None) -> str:
    """Where someone with ``role`` in ``scope`` works: the management page of a house or network (the
    public page of a network for a referrer), the page of an organisation."""
    kind = scope_kind(scope)
    if kind == HOUSE:
        return reverse("houses:manage", args=[scope.slug])
    if kind == NETWORK:
        if role == "referrer":
            return reverse("networks:overview", args=[scope.slug])
        return reverse("networks:manage", args=[scope.slug])
    return reverse("organisations:detail", args=[scope.pk])
