"""Send the weekly matching digest: one e-mail per address with its pending notices. Idempotent."""

from django.core.management.base import BaseCommand

from buurtkracht.matching.services.notify import send_digests


class Command(BaseCommand):
    help = "Send the weekly matching digest (running it twice sends nothing new)."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest e-mail(s) sent.")
