"""The audit log: services call :func:`log_action`; pages show :func:`display_for`.

Action codes are dotted (``houses.room.created``). Each app registers translated sentences for its codes
with :func:`register_display`, so the history reads as plain language in the user's language.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from buurtkracht.core.models import LogEntry

_DISPLAY: dict[str, Any] = {}


def register_display(messages: dict[str, Any]) -> None:
    """Register ``{action: lazy sentence with %(actor)s and %(object)s}`` for display."""
    _DISPLAY.update(messages)


def log_action(
    actor,
    action: str,
    target: models.Model | None = None,
    *,
    data: dict | None = None,
    house_id: int | None = None,
    network_id: int | None = None,
    organisation_id: int | None = None,
) -> LogEntry:
    """Write one audit entry. Call inside the service's transaction, so entry and change land together."""
    entry = LogEntry(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        data=_jsonable(data or {}),
        house_id=house_id,
        network_id=network_id,
        organisation_id=organisation_id,
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
        entry.object_repr = str(target)[:255]
    entry.save()
    return entry


def display_for(entry: LogEntry) -> str:
    template = _DISPLAY.get(entry.action)
    actor = entry.actor.display_name if entry.actor_id and entry.actor else _("the system")
    if template is None:
        return _("%(actor)s: %(action)s on %(object)s") % {
            "actor": actor,
            "action": entry.action,
            "object": entry.object_repr,
        }
    return str(template) % {"actor": actor, "object": entry.object_repr}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
