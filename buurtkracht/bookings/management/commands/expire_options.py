"""Release options (provisional bookings) whose time ran out. Safe to run as often as you like."""

from django.core.management.base import BaseCommand

from buurtkracht.bookings.services.approval import expire_options


class Command(BaseCommand):
    help = "Let options that were not confirmed in time expire, so their rooms are free again."

    def handle(self, *args, **options):
        count = expire_options()
        self.stdout.write(f"expired={count}")
