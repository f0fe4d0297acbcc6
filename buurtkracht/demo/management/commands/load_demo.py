"""``manage.py load_demo``: the demo networks, houses, organisations and one account per role.

Needs the reference data; loads it first when no areas exist. Safe to run again: it keeps what is there.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from buurtkracht.demo.data.people import DEMO_PASSWORD
from buurtkracht.demo.loader import MissingReferenceData, load_demo
from buurtkracht.networks.models import Area


class Command(BaseCommand):
    help = "Load the demo data set (idempotent): Oss, Dorpshuizen Noord-Brabant, Heist-op-den-Berg, demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="The address printed for the demo.")

    def handle(self, *args, **options):
        started = time.monotonic()
        if not Area.objects.exists():
            self.stdout.write("No reference data yet: loading it first (load_reference_data).")
            call_command("load_reference_data", stdout=self.stdout, stderr=self.stderr)
        try:
            report, logins = load_demo()
        except MissingReferenceData as error:
            raise CommandError(str(error)) from error
        added = ", ".join(f"{count} {what}" for what, count in sorted(report.created.items())) or "nothing"
        kept = ", ".join(f"{count} {what}" for what, count in sorted(report.kept.items())) or "nothing"
        self.stdout.write(f"Demo loaded in {time.monotonic() - started:.1f} s. Added: {added}. Kept: {kept}.")
        for note in report.notes:
            self.stdout.write(note)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Buurtkracht runs at {options['url']}"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _name, _role in logins)
        self.stdout.write(f"  {'e-mail'.ljust(width)}  role")
        for email, _name, role in logins:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
