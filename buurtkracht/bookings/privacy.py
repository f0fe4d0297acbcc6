"""What bookings hold about a person, for "download your data" and "erase my account".

A person who booked keeps their bookings in the export: what, where, when and the renter details they
gave. Erasure blanks those renter details (name, e-mail, phone) on the series they booked; the series
itself stays, because it is the house's record of who used which room and it may be invoiced (fiscal
retention), now pointing at the pseudonymised account. Plain "who did it" references (who created,
decided, added) are covered by a reference-only handler.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.accounts.privacy import ExportSection, PrivacyHandler, ReferenceOnlyHandler


class BookerHandler(PrivacyHandler):
    key = "bookings_booker"
    covers = frozenset({"bookings.BookingSeries.booker"})
    order = 30

    @staticmethod
    def _series(person):
        from buurtkracht.bookings.models import BookingSeries

        return BookingSeries.objects.filter(booker=person).select_related("house", "room").order_by("first_date")

    def export(self, person) -> list[ExportSection]:
        rows = [
            {
                "title": s.title,
                "house": s.house.name,
                "room": s.room.name,
                "first_date": s.first_date,
                "status": s.get_status_display(),
                "renter_name": s.renter_name,
                "renter_email": s.renter_email,
                "renter_phone": s.renter_phone,
            }
            for s in self._series(person)
        ]
        columns = {
            "title": gettext_lazy("What the booking is for"),
            "house": gettext_lazy("Community centre"),
            "room": gettext_lazy("Room"),
            "first_date": gettext_lazy("First date"),
            "status": gettext_lazy("Status"),
            "renter_name": gettext_lazy("Renter name you gave"),
            "renter_email": gettext_lazy("Renter e-mail address you gave"),
            "renter_phone": gettext_lazy("Renter phone number you gave"),
        }
        return [
            ExportSection(
                gettext_lazy("Your bookings"),
                gettext_lazy("Rooms you booked or asked to book, with the contact details you gave."),
                columns,
                rows,
            )
        ]

    def erase(self, person, *, dry_run: bool = False) -> int:
        series = self._series(person).exclude(renter_name="", renter_email="", renter_phone="")
        if dry_run:
            return series.count()
        return series.update(renter_name="", renter_email="", renter_phone="")

    def retention(self) -> str:
        return _(
            "Your bookings stay with the community centre as its record of who used a room, without your "
            "contact details."
        )


def privacy_handlers() -> list[PrivacyHandler]:
    return [
        BookerHandler(),
        ReferenceOnlyHandler(
            "bookings_references",
            {
                "bookings.BookingSeries.created_by",
                "bookings.ICalFeed.created_by",
                "bookings.Occurrence.decided_by",
                "bookings.SeriesException.created_by",
                "bookings.TrustedOrganisation.added_by",
            },
            gettext_lazy("Bookings you handled"),
        ),
    ]
