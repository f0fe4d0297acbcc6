"""Revenue forgone: F = Σ (list − charged) from frozen charges; free hours count; premiums apart; cancelled dates
do not count; tariff changes leave it alone."""

from datetime import date
from decimal import Decimal

import pytest

from buurtkracht.billing.services import tariffs
from buurtkracht.billing.services.charges import charge_occurrences
from buurtkracht.billing.services.reports import revenue_forgone
from buurtkracht.billing.tests.factories import book
from buurtkracht.organisations.tests.factories import OrganisationFactory

D = Decimal
pytestmark = pytest.mark.django_db
YEAR = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}


def test_the_worked_example_two_hours_a_week_at_75_percent_discount(billed):
    # billing.md §6: 2 h a week for 40 weeks at €32 list with 75 % off: F = 80 × €24 = €1,920.
    org = OrganisationFactory(network=billed.network_a, renter_category="resident_initiative")
    from buurtkracht.billing.models import Allowance

    Allowance.objects.create(organisation=org, house=billed.house_a, year=2026, hours=0)
    series = book(billed.room_a, date(2026, 1, 5), kind="weekly", count=40, organisation=org)
    charge_occurrences(series.occurrences.all())
    report = revenue_forgone(houses=[billed.house_a.pk], **YEAR)
    (row,) = report.rows
    assert row.key == {"category": "resident_initiative"}
    assert (row.dates, row.hours, row.list_total, row.charged) == (40, D("80.00"), D("2560.00"), D("640.00"))
    assert row.forgone == D("1920.00") and row.result_at_list == D("2560.00")
    assert report.label(row) == "bewonersinitiatief"


def test_free_hours_count_as_forgone_premiums_apart_and_cancellations_not_at_all(billed):
    resident = OrganisationFactory(network=billed.network_a, renter_category="resident_initiative")
    commercial = OrganisationFactory(network=billed.network_a, renter_category="commercial")
    tariffs.set_category_rate(billed.card_a, category="commercial", actor=None, own_price=D("40.00"))
    free = book(billed.room_a, date(2026, 3, 2), organisation=resident)  # 2 free hours: pays 0 of €64
    premium = book(billed.room_a, date(2026, 3, 3), organisation=commercial)  # pays €80 for €64 list
    cancelled = book(billed.room_a, date(2026, 3, 4), organisation=resident)
    charge_occurrences([o.pk for s in (free, premium, cancelled) for o in s.occurrences.all()])
    occurrence = cancelled.occurrences.get()
    occurrence.status = "cancelled"
    occurrence.save()
    from buurtkracht.billing.services.charges import cancel_charges

    cancel_charges([occurrence.pk], when=occurrence.start.replace(year=2025))
    report = revenue_forgone(houses=[billed.house_a.pk], group_by=("category", "month"), **YEAR)
    rows = {r.key["category"]: r for r in report.rows}
    assert rows["resident_initiative"].forgone == D("64.00") and rows["resident_initiative"].dates == 1
    assert rows["commercial"].forgone == 0 and rows["commercial"].premium == D("16.00")
    assert report.total.forgone == D("64.00") and report.total.premium == D("16.00")
    assert report.total.charged == D("80.00")
    before = report.total.forgone
    tariffs.new_version(billed.card_a, actor=None, valid_from=date(2026, 6, 1), hour_price=D("99"))
    assert revenue_forgone(houses=[billed.house_a.pk], **YEAR).total.forgone == before
