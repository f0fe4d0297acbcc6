"""Privacy requests: "download your data" (GDPR art. 15/20) and "erase my account" (art. 17).

Each app answers for its own data through a handler registered with :func:`register_privacy_handler`
(after pretix's data shredders and Decidim's download-your-data hooks). A handler says which links to a
person it covers (``covers``: ``"app_label.Model.field"``), exports what it holds, erases it (idempotent:
a second run changes nothing and returns 0) and states how long it keeps what it may keep.

A test walks every model and fails when a foreign key, one-to-one or many-to-many to the user model is
covered by no handler, so a new model that points at a person cannot slip through. Register handlers in
``AppConfig.ready()``.

Erasure runs the handlers in ``order`` (low first) inside one transaction: the audit log first, while
the person's e-mail address is still known, the profile last.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REDACTED = "█"


@dataclass
class ExportSection:
    """One part of a data download: rows of plain values with a help text per column."""

    title: str
    description: str
    columns: dict[str, str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "title": str(self.title),
            "description": str(self.description),
            "columns": {k: str(v) for k, v in self.columns.items()},
            "rows": [{k: _plain(v) for k, v in row.items()} for row in self.rows],
        }


class PrivacyHandler(ABC):
    """Base class: subclass, set ``key`` and ``covers``, implement ``export`` and ``erase``."""

    key: str = ""
    covers: frozenset[str] = frozenset()
    order: int = 100

    @abstractmethod
    def export(self, person) -> list[ExportSection]:
        """What this handler holds on ``person``, as sections of plain rows."""

    @abstractmethod
    def erase(self, person, *, dry_run: bool = False) -> int:
        """Remove or redact what this handler holds on ``person``; return how many things changed."""

    def retention(self) -> str:
        """What is kept after erasure, and for how long (a sentence)."""
        return _("Nothing is kept.")


class ReferenceOnlyHandler(PrivacyHandler):
    """For links that only record *who* did something (``created_by``, ``approved_by``) on rows that hold
    no other personal data about that person. Erasure blanks the account itself, so such a reference then
    points at a pseudonym; the export lists the references. Use a real handler when the row says more
    about the person (their phone number, their notes, their attendance)."""

    def __init__(self, key: str, fields: Iterable[str], title: str, order: int = 500) -> None:
        self.key = key
        self.covers = frozenset(fields)
        self.title = title
        self.order = order

    def export(self, person) -> list[ExportSection]:
        rows = []
        for label in sorted(self.covers):
            app_label, model_name, field_name = label.split(".")
            model = apps.get_model(app_label, model_name)
            for pk in model._default_manager.filter(**{field_name: person}).values_list("pk", flat=True):
                rows.append({"record": f"{app_label}.{model_name}", "id": pk, "field": field_name})
        columns = {
            "record": gettext_lazy("Kind of record"),
            "id": gettext_lazy("Number of the record"),
            "field": gettext_lazy("How it names you (for example: who created it)"),
        }
        return [
            ExportSection(self.title, gettext_lazy("Records that name you as the person who acted."), columns, rows)
        ]

    def erase(self, person, *, dry_run: bool = False) -> int:
        return 0

    def retention(self) -> str:
        return _("The records stay; after erasure they point at an anonymous former account.")


_HANDLERS: dict[str, PrivacyHandler] = {}


def register_privacy_handler(handler: PrivacyHandler) -> PrivacyHandler:
    if not handler.key:
        raise ValueError("A privacy handler needs a key.")
    existing = _HANDLERS.get(handler.key)
    if existing is not None and type(existing) is not type(handler):
        raise ValueError(f"Privacy handler {handler.key!r} is registered twice.")
    _HANDLERS[handler.key] = handler
    return handler


def privacy_handlers() -> list[PrivacyHandler]:
    return sorted(_HANDLERS.values(), key=lambda h: (h.order, h.key))


def covered_fields() -> set[str]:
    found: set[str] = set()
    for handler in _HANDLERS.values():
        found |= set(handler.covers)
    return found


def links_to_person() -> set[str]:
    """Every FK, one-to-one and many-to-many field in the project that points at the user model."""
    from django.conf import settings

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    links = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if f.is_relation and f.concrete and f.related_model is user_model:
                links.add(f"{model._meta.app_label}.{model.__name__}.{f.name}")
    return links


def build_export(person) -> dict:
    sections = {}
    for handler in privacy_handlers():
        for index, section in enumerate(handler.export(person)):
            key = handler.key if index == 0 else f"{handler.key}_{index + 1}"
            sections[key] = section.as_dict()
    return {
        "format": "buurtkracht-data-export/1",
        "generated_at": timezone.now().isoformat(),
        "about": _about(),
        "retention": {h.key: str(h.retention()) for h in privacy_handlers()},
        "sections": sections,
    }


def run_erasure(person, *, dry_run: bool = False) -> dict[str, int]:
    """Run every handler's erase in order. Call inside a transaction (the service does)."""
    return {handler.key: handler.erase(person, dry_run=dry_run) for handler in privacy_handlers()}


def _about() -> dict:
    return {
        "what": _(
            "This file holds the data Buurtkracht keeps about you: your account, your roles, your API tokens, "
            "the invitations you sent or accepted, what you did (the audit log) and where an organisation "
            "lists you as its contact. Each section explains its columns."
        ),
        "why": _(
            "We use this data to let you log in, to give you access to the houses, networks and organisations "
            "you work for, and to show who changed what."
        ),
        "who": _(
            "The people who manage the houses, networks and organisations you work for see your name and role "
            "there. The platform administrators can see everything. We share nothing with others."
        ),
        "rights": _(
            "You may ask us to correct or erase your data. You may also complain to the data protection "
            "authority: the Autoriteit Persoonsgegevens in the Netherlands or the "
            "Gegevensbeschermingsautoriteit in Belgium."
        ),
    }


def _plain(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def shred(value):
    """Overwrite every value in a JSON structure, keeping its keys (so it still shows *what* changed)."""
    if isinstance(value, dict):
        return {k: shred(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shred(v) for v in value]
    if value is None or isinstance(value, bool):
        return value
    return REDACTED
