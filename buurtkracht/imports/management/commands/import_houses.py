"""``manage.py import_houses <network-slug> <file> [--dry-run] [--actor email]``

Checks a spreadsheet of houses and rooms exactly like the import page does, prints the preview and every
error, and imports only when the file is clean (all or nothing). Exits with status 1 on errors.
The command line is trusted: ``--actor`` only names who is recorded in the audit log.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtkracht.accounts.models import User
from buurtkracht.imports.services import run_import
from buurtkracht.imports.spreadsheet import SpreadsheetError, max_upload_bytes, read_spreadsheet, too_large_message
from buurtkracht.imports.validation import ImportPlan, build_plan
from buurtkracht.networks.models import Network


class Command(BaseCommand):
    help = "Import community centres and their rooms from an .xlsx or .csv file into a network."

    def add_arguments(self, parser):
        parser.add_argument("network", help="The short name (slug) of the network.")
        parser.add_argument("file", help="Path to the .xlsx or .csv file.")
        parser.add_argument("--dry-run", action="store_true", help="Only check the file and show the preview.")
        parser.add_argument("--actor", default="", help="E-mail address of the person recorded in the audit log.")

    def handle(self, *args, **options):
        network = Network.objects.filter(slug=options["network"]).first()
        if network is None:
            raise CommandError(_("There is no network with the short name %(slug)s.") % {"slug": options["network"]})
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"].strip(), is_active=True).first()
            if actor is None:
                raise CommandError(_("There is no active person with the e-mail address %(email)s.")
                                   % {"email": options["actor"]})  # fmt: skip
        path = Path(options["file"])
        try:
            if path.stat().st_size > max_upload_bytes():
                raise CommandError(too_large_message())
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from error
        try:
            plan = build_plan(read_spreadsheet(data), network=network)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from error

        self.print_plan(plan)
        if plan.errors:
            count = len(plan.errors)
            raise CommandError(
                ngettext("The file has %(count)d error. Nothing was imported.",
                         "The file has %(count)d errors. Nothing was imported.", count) % {"count": count},
                returncode=1,
            )  # fmt: skip
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was imported."))
            return
        try:
            result = run_import(plan, network=network, actor=actor, filename=path.name)
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(_("Nothing was imported.")) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(houses)d houses with %(rooms)d rooms into %(network)s; skipped %(skipped)d.")
                % {
                    "houses": len(result.houses),
                    "rooms": result.room_count,
                    "network": network.name,
                    "skipped": result.skipped_count,
                }  # fmt: skip
            )
        )

    def print_plan(self, plan: ImportPlan) -> None:
        for house in plan.houses:
            place = ", ".join(area.name for area in (house.municipality, house.district) if area is not None)
            status = _("already in the network: skipped") if house.existing else _("new")
            self.stdout.write(
                _("Row %(row)d: %(house)s, %(address)s (%(place)s) – %(status)s")
                % {
                    "row": house.row,
                    "house": house.name,
                    "address": house.address_line or "–",
                    "place": place or "–",
                    "status": status,
                }  # fmt: skip
            )
            for room in house.rooms:
                details = [_("%(count)s people") % {"count": room.capacity}]
                if room.floor_area_m2:
                    details.append(f"{room.floor_area_m2} m²")
                if room.part_of:
                    details.append(_("part of %(hall)s") % {"hall": room.part_of})
                if room.facilities:
                    details.append(", ".join(facility.name for facility in room.facilities))
                self.stdout.write(f"    - {room.name}: {'; '.join(details)}")
        self.stdout.write(
            _("To add: %(houses)d houses with %(rooms)d rooms; to skip: %(skipped)d.")
            % {"houses": len(plan.new_houses), "rooms": plan.room_count, "skipped": len(plan.skipped_houses)}
        )
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(_("Note: %(message)s") % {"message": warning.message}))
        for error in plan.errors:
            self.stderr.write(self.style.ERROR(error.message))
