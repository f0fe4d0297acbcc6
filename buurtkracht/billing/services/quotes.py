"""Prices before booking, and the inputs the charge uses too (so a quote equals the charge).

``Inputs`` gathers what the pure pricing function needs that lives in the database: the card valid on
the date, the renter category and its name in the network, the number of uses for the volume tier and the
free hours left. :func:`quote` prices a list of dates without writing anything; a :class:`Pricer` does the same
for many quotes of one house (matching prices hundreds), loading the rate cards once and remembering the price of
dates with the same inputs. ``quote`` is a one-off ``Pricer``, so both give the same figures.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from buurtkracht.billing.categories import Category, category_labels
from buurtkracht.billing.models import RENT, Allowance, ChargeLine, HouseBillingProfile, RateCard, Surcharge
from buurtkracht.billing.money import percent_of
from buurtkracht.billing.pricing import Card, OccurrencePrice, price_occurrence, season_of
from buurtkracht.billing.services.tariffs import CardBook

ZERO = Decimal("0")
MAX_QUOTE_DATES = 500


def season_start_month(house) -> int:
    month = HouseBillingProfile.objects.filter(house=house).values_list("season_start_month", flat=True).first()
    return month or 8


def network_id_for(house, organisation=None) -> int | None:
    if organisation is not None:
        return organisation.network_id
    return house.networks.order_by("pk").values_list("pk", flat=True).first()


class LoadedCardBook(CardBook):
    """A house's :class:`CardBook` from rate cards read already (with their category rates, tiers and surcharges)."""

    def __init__(self, house, cards: list[RateCard]) -> None:
        self.house = house
        self.cards = cards
        self._plain: dict[int, Card] = {}


def cards_query():
    """Rate cards with what the pricing reads of them, as :class:`CardBook` loads them."""
    return RateCard.objects.prefetch_related(
        "category_rates", "tiers", Prefetch("surcharges", queryset=Surcharge.objects.order_by("code"))
    )


class Inputs:
    """Database facts for pricing the dates of one house, loaded once per house."""

    def __init__(
        self, house, *, network_id: int | None = None, all_allowances: bool = False, loaded: tuple | None = None
    ) -> None:
        self.house = house
        self.all_allowances = all_allowances  # read every allowance row of the house for a year at once
        self.tz = ZoneInfo(house.time_zone)
        if loaded is not None:  # (rate cards, season start month, category names) read for many houses at once
            cards, self.start_month, self.labels = loaded
            self.book = LoadedCardBook(house, cards)
        else:
            self.book = CardBook(house)
            self.start_month = season_start_month(house)
            self.labels = category_labels(network_id if network_id is not None else network_id_for(house))
        self._running: dict[tuple[int, date], int] = {}
        self._allowance: dict[tuple[int, int], Decimal] = {}
        # What the database said (shared by forks): uses per season, the allowance row's remaining hours.
        self._counted: dict[tuple[int, date], int] = {}
        self._granted: dict[tuple[int, int], Decimal | None] = {}
        self._years_read: set[int] = set()

    def fork(self, *, labels: dict[str, str] | None = None) -> Inputs:
        """The same loaded facts (cards, season, names, what the database said about uses and allowances) with
        fresh running totals: the next quote of a batch starts from the database's figures again."""
        twin = copy.copy(self)
        twin._running, twin._allowance = {}, {}
        if labels is not None:
            twin.labels = labels
        return twin

    def label(self, category: str) -> str:
        return self.labels.get(category, category)

    def season(self, day: date) -> tuple[date, date]:
        return season_of(day, self.start_month)

    def running_uses(self, organisation_id: int | None, day: date) -> int:
        """Uses so far this season (billable room charges of the organisation at this house)."""
        if organisation_id is None:
            return 0
        first, last = self.season(day)
        key = (organisation_id, first)
        if key not in self._running:
            if key not in self._counted:
                self._counted[key] = (
                    ChargeLine.objects.billable()
                    .filter(
                        house=self.house, organisation_id=organisation_id, code=RENT, local_date__range=(first, last)
                    )
                    .count()
                )
            self._running[key] = self._counted[key]
        return self._running[key]

    def count_use(self, organisation_id: int | None, day: date) -> None:
        if organisation_id is not None:
            key = (organisation_id, self.season(day)[0])
            self._running[key] = self.running_uses(organisation_id, day) + 1

    def default_free_hours(self, card: RateCard | None, category: str) -> Decimal:
        if card is None:
            return ZERO
        return self.book.plain(card).terms_for(category).free_hours_per_year

    def free_hours_left(self, organisation_id: int | None, day: date, card: RateCard | None, category: str) -> Decimal:
        """Free hours left this calendar year (read only: the allowance row, or the card's default)."""
        if organisation_id is None:
            return ZERO
        key = (organisation_id, day.year)
        if key not in self._allowance:
            if self.all_allowances and day.year not in self._years_read:
                self._years_read.add(day.year)
                rows = Allowance.objects.filter(house=self.house, year=day.year)
                for org, hours, used in rows.values_list("organisation_id", "hours", "used"):
                    self._granted[(org, day.year)] = hours - used
            if key not in self._granted:
                if self.all_allowances:
                    row = None
                else:
                    row = Allowance.objects.filter(
                        organisation_id=organisation_id, house=self.house, year=day.year
                    ).first()
                self._granted[key] = row.remaining if row else None
            granted = self._granted[key]
            self._allowance[key] = granted if granted is not None else self.default_free_hours(card, category)
        return self._allowance[key]

    def use_free_hours(self, organisation_id: int | None, day: date, hours: Decimal) -> None:
        if organisation_id is not None and hours:
            self._allowance[(organisation_id, day.year)] -= hours


@dataclass
class QuoteDate:
    local_date: date
    start: datetime
    end: datetime
    price: OccurrencePrice | None
    card: RateCard | None

    @property
    def priced(self) -> bool:
        return self.price is not None


@dataclass
class VatLine:
    category: str
    rate: Decimal
    taxable: Decimal
    vat: Decimal


@dataclass
class Quote:
    house: object
    room: object
    category: str
    category_label: str
    dates: list[QuoteDate] = field(default_factory=list)
    free_hours_before: Decimal = ZERO
    free_hours_used: Decimal = ZERO
    notes: list[str] = field(default_factory=list)

    @property
    def priced(self) -> list[QuoteDate]:
        return [d for d in self.dates if d.price is not None]

    @property
    def unpriced(self) -> list[QuoteDate]:
        return [d for d in self.dates if d.price is None]

    @property
    def list_total(self) -> Decimal:
        return sum((d.price.list_total for d in self.priced), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((d.price.total for d in self.priced), ZERO)

    @property
    def discount(self) -> Decimal:
        return self.list_total - self.total

    @property
    def vat_lines(self) -> list[VatLine]:
        groups: dict[tuple[str, Decimal], Decimal] = defaultdict(lambda: ZERO)
        for d in self.priced:
            for line in d.price.lines:
                groups[(line.vat_category, line.vat_rate)] += line.amount
        return [VatLine(c, r, t, percent_of(t, r)) for (c, r), t in sorted(groups.items())]

    @property
    def vat_total(self) -> Decimal:
        return sum((v.vat for v in self.vat_lines), ZERO)

    @property
    def gross_total(self) -> Decimal:
        return self.total + self.vat_total


def slots_on(house, days, start_time, end_time) -> list[tuple[datetime, datetime]]:
    """UTC (start, end) of a booking from ``start_time`` to ``end_time`` (local) on each of ``days``; an end at or
    before the start is the next morning."""
    tz = ZoneInfo(house.time_zone)
    result = []
    for day in sorted(set(days)):
        end_day = day if end_time > start_time else day + timedelta(days=1)
        start = datetime.combine(day, start_time, tzinfo=tz).astimezone(UTC)
        result.append((start, datetime.combine(end_day, end_time, tzinfo=tz).astimezone(UTC)))
    return result


def quote(
    *,
    house,
    room,
    slots: list[tuple[datetime, datetime]],
    organisation=None,
    category: str | None = None,
    extras: tuple[str, ...] | list[str] = (),
    seasonal: bool | None = None,
) -> Quote:
    """Price the dates ``slots`` (UTC start, end) in ``room``, in date order, without writing anything. A series
    of more than one date is seasonal hire and its tier counts its own dates per season; a single date counts
    the organisation's uses this season."""
    pricer = Pricer(house, network_id=network_id_for(house, organisation))
    return pricer.quote(
        room=room, slots=slots, organisation=organisation, category=category, extras=extras, seasonal=seasonal
    )


class Pricer:
    """Many quotes of one house from one loaded set of rate cards (the batch entry point, e.g. for matching).

    Every :meth:`quote` gives exactly what :func:`quote` gives for the same arguments: each starts from the
    database's figures for uses and free hours (read once per organisation and season or year), and the price of
    a date is remembered by everything it depends on (card, local wall times, real duration, category and its
    name, extras, tier count, free hours left, room name), so weekly dates are priced once. The rate cards are
    read when the pricer is made: make a new one when a card may have changed (one per batch)."""

    def __init__(self, house, *, network_id: int | None = None, loaded: tuple | None = None) -> None:
        self.house = house
        self.network_id = network_id if network_id is not None or loaded is not None else network_id_for(house)
        self.inputs = Inputs(house, network_id=self.network_id, all_allowances=True, loaded=loaded)
        self._labels: dict[int | None, dict[str, str]] = {self.network_id: self.inputs.labels}
        self._memo: dict[tuple, OccurrencePrice] = {}
        self._cards: dict[tuple, RateCard | None] = {}
        self._seasons: dict[date, date] = {}

    def _card(self, room, day: date, seasonal: bool) -> RateCard | None:
        key = (room.pk, getattr(room, "parent_id", None), day, seasonal)
        if key not in self._cards:
            self._cards[key] = self.inputs.book.find(room=room, day=day, seasonal=seasonal)
        return self._cards[key]

    def _season(self, day: date) -> date:
        found = self._seasons.get(day)
        if found is None:
            found = self._seasons[day] = self.inputs.season(day)[0]
        return found

    @classmethod
    def for_houses(cls, houses, *, years=()) -> dict[int, Pricer]:
        """One pricer per house (by id), reading the rate cards, season starts and networks of all of them at
        once, and the allowance rows of ``years``: a handful of queries instead of a handful per house."""
        from buurtkracht.houses.models import House

        houses = list(houses)
        ids = [house.pk for house in houses]
        cards: dict[int, list[RateCard]] = defaultdict(list)
        for card in cards_query().filter(house_id__in=ids):
            cards[card.house_id].append(card)
        months = dict(
            HouseBillingProfile.objects.filter(house_id__in=ids).values_list("house_id", "season_start_month")
        )
        networks: dict[int, int] = {}
        links = House.networks.through.objects.filter(house_id__in=ids).order_by("house_id", "network_id")
        for house_id, network_id in links.values_list("house_id", "network_id"):
            networks.setdefault(house_id, network_id)  # the lowest id, as network_id_for
        labels: dict[int | None, dict[str, str]] = {}
        pricers = {}
        for house in houses:
            network_id = networks.get(house.pk)
            if network_id not in labels:
                labels[network_id] = category_labels(network_id)
            loaded = (cards[house.pk], months.get(house.pk) or 8, labels[network_id])
            pricers[house.pk] = cls(house, network_id=network_id, loaded=loaded)
        if years:
            rows = Allowance.objects.filter(house_id__in=ids, year__in=list(years))
            for house_id, org, year, hours, used in rows.values_list("house_id", "organisation_id", "year", "hours",
                                                                     "used"):  # fmt: skip
                pricers[house_id].inputs._granted[(org, year)] = hours - used
            for pricer in pricers.values():
                pricer.inputs._years_read.update(years)
        return pricers

    def labels_for(self, organisation) -> dict[str, str]:
        network_id = organisation.network_id if organisation is not None else self.network_id
        if network_id not in self._labels:
            self._labels[network_id] = category_labels(network_id)
        return self._labels[network_id]

    def weekly(
        self, *, room, first_date: date, start_time, minutes: int, weeks: int, organisation=None,
        category: str | None = None, extras=(), skip=(),
    ) -> Quote:  # fmt: skip
        """The quote of ``weeks`` weekly sessions from ``first_date`` at ``start_time`` (local) for ``minutes``,
        without the dates in ``skip`` (those a weekly booking of only the free dates leaves out)."""
        tz = self.inputs.tz
        slots = []
        for week in range(weeks):
            day = first_date + timedelta(weeks=week)
            if day in skip:
                continue
            begin = datetime.combine(day, start_time, tzinfo=tz)
            slots.append((begin.astimezone(UTC), (begin + timedelta(minutes=minutes)).astimezone(UTC)))
        return self.quote(room=room, slots=slots, organisation=organisation, category=category, extras=extras)

    def _price(self, card: RateCard, *, start: datetime, end: datetime, **terms) -> OccurrencePrice:
        tz = self.inputs.tz
        local_start, local_end = start.astimezone(tz), end.astimezone(tz)
        key = (
            card.pk, local_start.time(), local_end.time(), (local_end.date() - local_start.date()).days, end - start,
            terms["category"], terms["category_label"], terms["extras"], terms["uses"], terms["free_hours_left"],
            terms["room_label"],
        )  # fmt: skip
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = price_occurrence(self.inputs.book.plain(card), start=start, end=end, tz=tz,
                                                       **terms)  # fmt: skip
        return found

    def quote(
        self,
        *,
        room,
        slots: list[tuple[datetime, datetime]],
        organisation=None,
        category: str | None = None,
        extras: tuple[str, ...] | list[str] = (),
        seasonal: bool | None = None,
    ) -> Quote:
        """See :func:`quote`."""
        house = self.house
        if room.house_id != house.pk:
            raise ValidationError({"room": [_("This room does not belong to this house.")]})
        if not slots:
            raise ValidationError({"dates": [_("Choose at least one date.")]})
        if len(slots) > MAX_QUOTE_DATES:
            raise ValidationError({"dates": [_("A quote can hold at most %(n)s dates.") % {"n": MAX_QUOTE_DATES}]})
        if any(end <= start for start, end in slots):
            raise ValidationError({"end": [_("The end time must be after the start time.")]})
        category = category or (organisation.renter_category if organisation is not None else Category.PRIVATE)
        inputs = self.inputs.fork(labels=self.labels_for(organisation))
        ordered = sorted(slots)
        seasonal = len(ordered) > 1 if seasonal is None else seasonal
        days = [start.astimezone(inputs.tz).date() for start, _end in ordered]
        per_season = Counter(self._season(day) for day in days)
        org_id = organisation.pk if organisation is not None else None
        result = Quote(house=house, room=room, category=category, category_label=inputs.label(category))
        first_card = None
        extras = tuple(extras)
        for day, (start, end) in zip(days, ordered, strict=True):
            card = self._card(room, day, seasonal)
            if card is None:
                result.dates.append(QuoteDate(day, start, end, None, None))
                continue
            uses = per_season[self._season(day)] if seasonal else inputs.running_uses(org_id, day) + 1
            left = inputs.free_hours_left(org_id, day, card, category)
            if first_card is None:
                first_card, result.free_hours_before = card, left
            price = self._price(
                card, start=start, end=end, category=category, category_label=result.category_label, extras=extras,
                uses=uses, free_hours_left=left, room_label=room.name,
            )  # fmt: skip
            inputs.use_free_hours(org_id, day, price.free_hours_used)
            if not seasonal:
                inputs.count_use(org_id, day)
            result.free_hours_used += price.free_hours_used
            result.notes.extend(n for n in price.notes if n not in result.notes)
            result.dates.append(QuoteDate(day, start, end, price, card))
        if result.unpriced:
            result.notes.append(
                _("There is no rate card for %(n)s of the dates; ask the house for a price.")
                % {"n": len(result.unpriced)}
            )
        return result


def planned_uses_per_season(series_ids, inputs: Inputs) -> dict[tuple[int, date], int]:
    """How many occupying dates each series has per season (the tier count of seasonal hire)."""
    from buurtkracht.bookings.models import OCCUPYING, Occurrence

    counts: dict[tuple[int, date], int] = defaultdict(int)
    rows = (
        Occurrence.objects.filter(series_id__in=list(series_ids), status__in=OCCUPYING)
        .values("series_id", "local_date")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[(row["series_id"], inputs.season(row["local_date"])[0])] += row["n"]
    return counts
