from datetime import time

import pytest

from buurtkracht.bookings.models import Occurrence, SpaceClaim
from buurtkracht.bookings.services.conflicts import SlotTaken
from buurtkracht.bookings.tests.factories import book


@pytest.mark.django_db
def test_it_refuses_overlap_in_the_database(cast):
    series = book(cast.room_a)
    occ = series.occurrences.get()
    assert SpaceClaim.objects.filter(occurrence=occ).count() == 1
    with pytest.raises(SlotTaken):
        book(cast.room_a, start=time(20, 0))
    assert Occurrence.objects.count() == 1


@pytest.mark.django_db
def test_the_database_itself_refuses_an_overlapping_claim(cast):
    from django.db import IntegrityError, transaction

    series = book(cast.room_a)
    occ = series.occurrences.get()
    other = book(cast.room_a, start=time(10, 0), title="Ochtend").occurrences.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        SpaceClaim.objects.create(
            occurrence=other, unit=cast.room_a, blocked_start=occ.blocked_start, blocked_end=occ.blocked_end
        )
