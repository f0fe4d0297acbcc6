"""The import itself: all houses and rooms of a clean plan in one transaction, through the house services
(which write an audit entry per house and room), plus one audit entry for the import as a whole."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.core.audit import log_action, register_display
from buurtkracht.core.models import LogEntry
from buurtkracht.houses.models import House
from buurtkracht.houses.services import create_house, create_room
from buurtkracht.imports.plan import ImportPlan, PlannedHouse
from buurtkracht.imports.validation import name_key

IMPORTED = "imports.houses.imported"

register_display({IMPORTED: gettext_lazy("%(actor)s imported community centres from a spreadsheet into %(object)s.")})


@dataclass
class ImportResult:
    entry: LogEntry
    houses: list[House]
    room_count: int
    skipped_count: int


@transaction.atomic
def run_import(plan: ImportPlan, *, network, actor, filename: str = "") -> ImportResult:
    """Create every new house of ``plan`` with its rooms in ``network``: all or nothing.

    Refuses a plan with errors. A ``ValidationError`` from a house service (the database changed since the
    preview, say) names the row and undoes the whole import."""
    if plan.errors:
        raise ValidationError(_("The file still has errors, so nothing was imported."))
    if plan.network.pk != network.pk:
        raise ValueError("The plan was made for another network.")
    houses: list[House] = []
    room_count = 0
    for planned in plan.new_houses:
        houses.append(_create(planned, network=network, actor=actor))
        room_count += len(planned.rooms)
    entry = log_action(
        actor, IMPORTED, network, network_id=network.pk,
        data={
            "houses": len(houses), "rooms": room_count, "skipped": len(plan.skipped_houses),
            "house_ids": [house.pk for house in houses], "file": filename[:200],
        },
    )  # fmt: skip
    return ImportResult(entry=entry, houses=houses, room_count=room_count, skipped_count=len(plan.skipped_houses))


def _create(planned: PlannedHouse, *, network, actor) -> House:
    try:
        house = create_house(actor=actor, name=planned.name, networks=[network], **planned.house_fields())
    except ValidationError as error:
        raise _at_row(planned.row, error) from error
    rooms = {}
    # Whole halls first, so their parts can point at them.
    for room in sorted(planned.rooms, key=lambda r: bool(r.part_of)):
        fields = {"accessibility_notes": room.accessibility_notes, "floor_area_m2": room.floor_area_m2}
        if room.part_of:
            fields["parent"] = rooms[name_key(room.part_of)]
        try:
            created = create_room(
                house,
                actor=actor,
                name=room.name,
                capacity=room.capacity,
                # by code: the service checks again that each still exists in the catalogue
                facilities=[facility.code for facility in room.facilities],
                **fields,
            )
        except ValidationError as error:
            raise _at_row(room.row, error) from error
        rooms[name_key(room.name)] = created
    return house


def _at_row(row: int, error: ValidationError) -> ValidationError:
    return ValidationError(
        [_("Row %(row)d: %(problem)s") % {"row": row, "problem": message} for message in error.messages]
    )
