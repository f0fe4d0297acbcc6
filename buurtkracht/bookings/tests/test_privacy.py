import pytest

from buurtkracht.accounts.privacy import ExportSection
from buurtkracht.bookings.privacy import BookerHandler
from buurtkracht.bookings.tests.factories import book

pytestmark = pytest.mark.django_db


def test_a_booker_gets_their_bookings_and_erasure_blanks_their_contact_details(cast):
    series = book(cast.room_a, booker=cast.contact, renter_name="Anna", renter_email="anna@example.org")
    handler = BookerHandler()
    [section] = handler.export(cast.contact)
    assert isinstance(section, ExportSection)
    assert section.rows[0]["renter_email"] == "anna@example.org"
    assert handler.erase(cast.contact, dry_run=True) == 1
    assert handler.erase(cast.contact) == 1
    series.refresh_from_db()
    assert (series.renter_name, series.renter_email, series.booker_id) == ("", "", cast.contact.pk)
    assert handler.erase(cast.contact) == 0
