"""Charge lines: the frozen price of each confirmed date, made once (idempotent) when the date is confirmed,
or at the latest when the invoices are run. Cancellations follow the house's rule: free up to n days
before the date, then a share of the price.

Bookings does not know billing. Bookings sends ``occurrences_confirmed`` / ``occurrences_cancelled``
(``buurtkracht.bookings.events``) after each commit and the receivers in ``billing.receivers`` call
:func:`charge_occurrences` / :func:`cancel_charges`; should that fail, :func:`ensure_charges` and
:func:`reconcile_cancellations` do the same work for a period at invoice time. Either way, each (date, code)
gets one active line: the database refuses a second.

Changes to a confirmed date (billing.md §8) are handled when its id comes by again:

* moved (another time or room): the old lines are voided and the date is priced afresh; an invoiced date keeps
  its charge when the new price is the same, else the old charge goes on a draft credit note;
* sent back for approval after a change by the renter (no longer confirmed, still occupying): its charge is
  voided free of fee, and made again when the date is approved;
* handed to a new series by a split: uninvoiced lines follow the date to the new series, price unchanged;
* deleted because a changed pattern no longer produces it (the charge lost its date, the booking lives on):
  voided free of fee, or credited when invoiced; a late-cancellation fee of a date cancelled before stays due.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.billing.categories import Category
from buurtkracht.billing.models import (
    CANCELLATION,
    RENT,
    Allowance,
    ChargeLine,
    Deposit,
    HouseBillingProfile,
)
from buurtkracht.billing.money import euro, number, percent_of
from buurtkracht.billing.pricing import price_occurrence
from buurtkracht.billing.services import bulk
from buurtkracht.billing.services.quotes import Inputs, planned_uses_per_season
from buurtkracht.core.audit import log_action

ZERO = Decimal("0")
CONFIRMED = "confirmed"
BATCH = 2000


def _occurrences():
    from buurtkracht.bookings.models import Occurrence

    return Occurrence.objects


def _charged(occurrence_ids) -> set[int]:
    """The dates among ``occurrence_ids`` that already have an active room charge. A separate lookup on the
    charge's occurrence index, not an anti-join: its plan stays cheap even when the planner's statistics lag
    behind a table that grew by thousands of rows in the same run."""
    found: set[int] = set()
    ids = list(occurrence_ids)
    for start in range(0, len(ids), BATCH):
        found.update(
            ChargeLine.objects.filter(
                occurrence_id__in=ids[start : start + BATCH], code=RENT, status="active"
            ).values_list("occurrence_id", flat=True)
        )
    return found


def _lock_allowances(house, organisation_ids, years, inputs: Inputs, first_cards) -> dict[tuple[int, int], Allowance]:
    """Create (when missing) and lock the free-hour rows of these organisations, in a fixed order."""
    existing = set(
        Allowance.objects.filter(
            house=house, organisation_id__in=list(organisation_ids), year__in=list(years)
        ).values_list("organisation_id", "year")
    )
    missing = []
    # Only where a rate card prices a date: a row made while no card applied would hold 0 free hours and
    # hide the free hours of the card the house adds later.
    for org, year in sorted(set(first_cards) - existing):
        card, category = first_cards[(org, year)]
        missing.append(Allowance(organisation_id=org, house=house, year=year,
                                 hours=inputs.default_free_hours(card, category),
                                 reason=_("Free hours of the rate card")))  # fmt: skip
    # Another run may create the same rows at the same moment: the unique constraint keeps one, and the lock
    # below reads whichever won.
    Allowance.objects.bulk_create(missing, ignore_conflicts=True)
    rows = Allowance.objects.select_for_update().filter(house=house, organisation_id__in=list(organisation_ids))
    rows = rows.filter(year__in=list(years)).order_by("organisation_id", "year")
    return {(a.organisation_id, a.year): a for a in rows}


@transaction.atomic
def charge_occurrences(occurrences, *, actor=None) -> int:
    """Price and freeze every confirmed date among ``occurrences`` (ids or a queryset) that has no charge
    yet, and price again those moved since they were charged. Safe to call twice: dates already charged are
    skipped. Returns how many dates were charged (moved dates included)."""
    ids = list(occurrences.values_list("pk", flat=True)) if hasattr(occurrences, "values_list") else list(occurrences)
    if not ids:
        return 0
    _follow_series(ids)
    _drop_orphans(ChargeLine.objects.filter(series_id__in=_series_of(ids)), actor=actor)
    moved = _unlink_moved(ChargeLine.objects.filter(occurrence_id__in=ids))
    done = 0
    houses = _occurrences().filter(pk__in=ids).values_list("house_id", flat=True).distinct()
    from buurtkracht.houses.models import House

    for house in House.objects.filter(pk__in=list(houses)):
        done += _charge_house(house, ids, actor=actor)
    if moved:
        _settle_moved(moved, actor=actor)
    return done


# --- Dates that changed after they were charged ---------------------------------------------------------


def _series_of(ids) -> set[int]:
    """The series of these dates and the series they were split from (a split hands dates over)."""
    pairs = _occurrences().filter(pk__in=list(ids)).values_list("series_id", "series__split_from_id").distinct()
    return {pk for pair in pairs for pk in pair if pk is not None}


def _follow_series(ids) -> None:
    """A split hands later dates to a new series: their uninvoiced lines follow, the price stays."""
    rows = (
        ChargeLine.objects.filter(occurrence_id__in=list(ids), status=ChargeLine.Status.ACTIVE, invoice__isnull=True)
        .exclude(series_id=F("occurrence__series_id"))
        .values_list("pk", "occurrence__series_id")
    )
    by_series: dict[int, list[int]] = defaultdict(list)
    for pk, series_id in rows:
        by_series[series_id].append(pk)
    for series_id, pks in by_series.items():
        ChargeLine.objects.filter(pk__in=pks).update(series_id=series_id)


def _moved(queryset):
    """Active lines (fees aside) of confirmed dates whose time or room is no longer the one they priced."""
    return (
        queryset.filter(status=ChargeLine.Status.ACTIVE, occurrence__status=CONFIRMED)
        .exclude(code=CANCELLATION)
        .exclude(start=F("occurrence__start"), end=F("occurrence__end"), room_id=F("occurrence__room_id"))
    )


def _unlink_moved(queryset) -> list[ChargeLine]:
    """Void the lines of moved dates (their free hours go back) so the dates are priced again."""
    moved = list(
        _moved(queryset)
        .select_for_update(of=("self",))
        .select_related("invoice", "series")
        .order_by("occurrence_id", "pk")
    )
    for charge in moved:
        _give_back_free_hours(charge)
        charge.status = ChargeLine.Status.VOID
    ChargeLine.objects.bulk_update(moved, ["status"])
    return moved


PRICE_FIELDS = ("code", "rate_card_id", "category", "unit", "quantity", "hours", "list_amount", "amount",
                "free_hours", "vat_category", "vat_rate")  # fmt: skip


def _price_of(lines) -> list[tuple]:
    return sorted(tuple(getattr(line, name) for name in PRICE_FIELDS) for line in lines)


def _settle_moved(moved: list[ChargeLine], *, actor) -> None:
    """After moved dates were priced again: a date on an invoice keeps its old charge when the new price is the
    same (the new lines go, the old ones follow the date); otherwise the invoiced old lines are credited.
    Uninvoiced old lines just stay void."""
    old_by_date: dict[int, list[ChargeLine]] = defaultdict(list)
    for charge in moved:
        old_by_date[charge.occurrence_id].append(charge)
    new_by_date: dict[int, list[ChargeLine]] = defaultdict(list)
    fresh = ChargeLine.objects.filter(occurrence_id__in=list(old_by_date), status=ChargeLine.Status.ACTIVE)
    for line in fresh.exclude(code=CANCELLATION).select_related("occurrence"):
        new_by_date[line.occurrence_id].append(line)
    to_credit: list[ChargeLine] = []
    for occurrence_id, old in old_by_date.items():
        new = new_by_date.get(occurrence_id, [])
        invoiced = [c for c in old if c.invoice_id is not None]
        kept = bool(invoiced) and bool(new) and _price_of(old) == _price_of(new)
        if kept:
            occ = new[0].occurrence
            for line in new:
                _give_back_free_hours(line)
            ChargeLine.objects.filter(pk__in=[line.pk for line in new]).delete()
            for charge in old:
                _take_free_hours(charge)
            ChargeLine.objects.filter(pk__in=[c.pk for c in old]).update(
                status=ChargeLine.Status.ACTIVE, start=occ.start, end=occ.end, local_date=occ.local_date,
                room_id=occ.room_id,
            )  # fmt: skip
        else:
            to_credit.extend(c for c in invoiced if c.invoice.is_issued and not c.invoice.is_credit_note)
        first = old[0]
        log_action(actor, "billing.charge.moved", first.series or first.house, house_id=first.house_id,
                   organisation_id=first.organisation_id,
                   data={"date": first.local_date, "occurrence": occurrence_id, "kept": kept,
                         "old": str(sum((c.amount for c in old), ZERO)),
                         "new": str(sum((c.amount for c in new), ZERO))})  # fmt: skip
    if to_credit:
        from buurtkracht.billing.services.invoices import credit_charges

        credit_charges(to_credit, actor=actor, reason=_("Booking moved"))


def _drop_orphans(queryset, *, actor) -> int:
    """Lines whose date was deleted while its booking lives on (a changed pattern no longer produces the date):
    voided free of fee, or credited when invoiced. Returns how many lines. A cancellation fee stays: it was due
    when the date was cancelled late, and a later edit of the pattern (which drops cancelled dates) does not
    undo that."""
    orphans = list(
        queryset.filter(occurrence__isnull=True, series__isnull=False, status=ChargeLine.Status.ACTIVE)
        .exclude(code=CANCELLATION)
        .select_for_update(of=("self",))
        .select_related("invoice")
        .order_by("pk")
    )
    if not orphans:
        return 0
    to_credit = []
    for charge in orphans:
        _give_back_free_hours(charge)
        charge.status = ChargeLine.Status.VOID
        if charge.invoice_id is not None and charge.invoice.is_issued and not charge.invoice.is_credit_note:
            to_credit.append(charge)
    ChargeLine.objects.bulk_update(orphans, ["status"])
    for house_id, series_id in sorted({(c.house_id, c.series_id) for c in orphans}):
        lines = [c for c in orphans if c.series_id == series_id]
        log_action(actor, "billing.charge.dropped", lines[0].series, house_id=house_id,
                   organisation_id=lines[0].organisation_id,
                   data={"dates": sorted({c.local_date for c in lines})[:50]})  # fmt: skip
    if to_credit:
        from buurtkracht.billing.services.invoices import credit_charges

        credit_charges(to_credit, actor=actor, reason=_("Date no longer booked"))
    return len(orphans)


def _charge_house(house, ids, *, actor) -> int:
    base = _occurrences().filter(house=house)
    base = base.filter(pk__in=ids) if ids is not None else base
    return _charge(house, base, actor=actor)


OCCURRENCE_VALUES = {
    "pk": "pk", "series_id": "series_id", "house_id": "house_id", "room_id": "room_id",
    "organisation_id": "organisation_id", "start": "start", "end": "end", "local_date": "local_date",
    "kind": "series__kind", "extras": "series__billing_terms__extras",
    "override": "series__billing_terms__category_override", "org_category": "organisation__renter_category",
    "room_name": "room__name", "room_parent_id": "room__parent_id",
}  # fmt: skip


def _dates(queryset) -> list[SimpleNamespace]:
    """The uncharged confirmed dates as plain values (model instances cost too much for a monthly run)."""
    rows = list(queryset.filter(status=CONFIRMED).order_by("start", "pk").values(*OCCURRENCE_VALUES.values()))
    charged = _charged(row["pk"] for row in rows)
    names = list(OCCURRENCE_VALUES.items())
    dates = []
    for row in rows:
        if row["pk"] in charged:
            continue
        occ = SimpleNamespace(**{name: row[key] for name, key in names})
        occ.seasonal = occ.kind != "one_off"
        occ.category = occ.override or occ.org_category or Category.PRIVATE
        occ.room = SimpleNamespace(pk=occ.room_id, parent_id=occ.room_parent_id, name=occ.room_name)
        dates.append(occ)
    return dates


def _charge(house, queryset, *, actor) -> int:
    rows = _dates(queryset)
    if not rows:
        return 0
    inputs = Inputs(house)
    org_ids = {o.organisation_id for o in rows if o.organisation_id}
    years = {o.local_date.year for o in rows}
    seasonal_series = {o.series_id for o in rows if o.seasonal}
    planned = planned_uses_per_season(seasonal_series, inputs) if seasonal_series else {}
    first_cards: dict[tuple[int, int], tuple] = {}
    plan = []
    for occ in rows:
        card = inputs.book.find(room=occ.room, day=occ.local_date, seasonal=occ.seasonal)
        plan.append((occ, card))
        if occ.organisation_id and card is not None:
            first_cards.setdefault((occ.organisation_id, occ.local_date.year), (card, occ.category))
    allowances = _lock_allowances(house, org_ids, years, inputs, first_cards) if org_ids else {}
    # Re-read under the lock: another run may have charged some of these dates meanwhile.
    taken = _charged(o.pk for o in rows)
    still = {o.pk for o in rows} - taken
    lines: list[tuple] = []
    deposits: dict[int, Deposit] = {}
    charged = []
    prices: dict[tuple, object] = {}
    now = timezone.now()
    for occ, card in plan:
        if card is None or occ.pk not in still:
            continue
        org = occ.organisation_id
        allowance = allowances.get((org, occ.local_date.year)) if org else None
        uses = planned.get((occ.series_id, inputs.season(occ.local_date)[0]), 1) if occ.seasonal else (
            inputs.running_uses(org, occ.local_date) + 1
        )  # fmt: skip
        plain = inputs.book.plain(card)
        left = allowance.remaining if allowance else ZERO
        price = _priced(
            prices, plain, start=occ.start, end=occ.end, tz=inputs.tz, category=occ.category,
            category_label=inputs.label(occ.category), extras=tuple(occ.extras or ()), uses=uses,
            free_hours_left=left, room_label=occ.room_name,
        )  # fmt: skip
        if allowance is not None and price.free_hours_used:
            allowance.used += price.free_hours_used
            allowance._dirty = True
        if not occ.seasonal:
            inputs.count_use(org, occ.local_date)
        for line in price.lines:
            lines.append(_line_from_price(line, occ=occ, card=card, category=occ.category, now=now))
        charged.append(occ.pk)
        deposit = plain.terms_for(occ.category).deposit
        if deposit > 0 and occ.series_id not in deposits:
            deposits[occ.series_id] = Deposit(house=house, series_id=occ.series_id, organisation_id=org, amount=deposit)
    # A date taken back after a late cancellation takes place after all: its fee goes.
    ChargeLine.objects.filter(
        occurrence_id__in=charged, code=CANCELLATION, status=ChargeLine.Status.ACTIVE, invoice__isnull=True
    ).update(status=ChargeLine.Status.VOID)
    dirty = [a for a in allowances.values() if getattr(a, "_dirty", False)]
    for allowance in dirty:
        Allowance.objects.filter(pk=allowance.pk).update(used=allowance.used)
    bulk.insert(ChargeLine, LINE_FIELDS, lines, batch=BATCH)
    if deposits:
        known = set(Deposit.objects.filter(series_id__in=list(deposits)).values_list("series_id", flat=True))
        Deposit.objects.bulk_create([d for s, d in deposits.items() if s not in known])
    if charged:
        log_action(actor, "billing.charges.created", house, house_id=house.pk,
                   data={"dates": len(charged), "series": sorted({o.series_id for o, _c in plan})[:50]})  # fmt: skip
    return len(charged)


LINE_FIELDS = (
    "occurrence_id", "series_id", "house_id", "room_id", "organisation_id", "rate_card_id", "local_date", "start",
    "end", "code", "description", "rule", "category", "unit", "quantity", "hours", "list_unit_price",
    "applied_unit_price", "list_amount", "amount", "free_hours", "tier", "vat_category", "vat_rate",
    "vat_exemption_code", "vat_exemption_reason", "status", "created_at",
)  # fmt: skip


def _line_from_price(line, *, occ, card, category: str, now) -> tuple:
    """A charge row in the order of LINE_FIELDS."""
    return (
        occ.pk, occ.series_id, occ.house_id, occ.room_id, occ.organisation_id, card.pk, occ.local_date, occ.start,
        occ.end, line.code, line.description[:200], line.rule[:300], category, line.unit, line.quantity, line.hours,
        line.list_unit_price, line.applied_unit_price, line.list_amount, line.amount, line.free_hours,
        line.tier[:100], line.vat_category, line.vat_rate, line.vat_exemption_code,
        line.vat_exemption_reason[:200], ChargeLine.Status.ACTIVE, now,
    )  # fmt: skip


def _priced(memo: dict, card, *, start, end, tz, free_hours_left, **inputs):
    """``price_occurrence`` remembered within one run: weekly dates of a series mostly have the same inputs. The
    key holds everything the price depends on (local wall times, real duration, tier count, extras); dates that
    use free hours are always computed afresh."""
    if free_hours_left:
        return price_occurrence(card, start=start, end=end, tz=tz, free_hours_left=free_hours_left, **inputs)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    key = (
        card.id, local_start.time(), local_end.time(), (local_end.date() - local_start.date()).days, end - start,
        inputs["category"], inputs["category_label"], inputs["extras"], inputs["uses"], inputs["room_label"],
    )  # fmt: skip
    if key not in memo:
        memo[key] = price_occurrence(card, start=start, end=end, tz=tz, free_hours_left=ZERO, **inputs)
    return memo[key]


@transaction.atomic
def ensure_charges(*, house, start: date, end: date, actor=None) -> int:
    """Charge every confirmed date of ``house`` from ``start`` up to and including ``end`` that has no charge
    yet, and price again the dates charged in the period that moved since (a safety net for when an event
    from bookings got lost)."""
    period = ChargeLine.objects.filter(house=house, local_date__range=(start, end))
    moved = set(_moved(period).values_list("occurrence_id", flat=True))
    repriced = charge_occurrences(sorted(moved), actor=actor) if moved else 0
    return repriced + _charge(house, _occurrences().filter(house=house, local_date__range=(start, end)), actor=actor)


# --- Cancellations ------------------------------------------------------------------------------------


def _free_until(house) -> tuple[int, Decimal]:
    profile = (
        HouseBillingProfile.objects.filter(house=house)
        .values_list("cancellation_free_days", "cancellation_percent")
        .first()
    )
    return profile if profile else (14, Decimal("50"))


@transaction.atomic
def cancel_charges(occurrences, *, actor=None, when: datetime | None = None) -> int:
    """Apply the cancellation rule to the active charges of dates that are no longer confirmed. Free up to
    the house's number of days before the date: the charges are voided (or credited when invoiced). Later: a
    cancellation fee of the house's share of the room price. A date sent back for approval (requested or an
    option again) loses its charge free of fee. Returns how many dates were handled."""
    ids = list(occurrences.values_list("pk", flat=True)) if hasattr(occurrences, "values_list") else list(occurrences)
    if ids:
        _drop_orphans(ChargeLine.objects.filter(series_id__in=_series_of(ids)), actor=actor)
    charges = list(
        ChargeLine.objects.select_for_update(of=("self",))
        .filter(occurrence_id__in=ids, status=ChargeLine.Status.ACTIVE)
        .exclude(occurrence__status=CONFIRMED)
        .exclude(code=CANCELLATION)
        .select_related("occurrence__series", "house", "invoice")
        .order_by("occurrence_id", "pk")
    )
    by_occurrence: dict[int, list[ChargeLine]] = defaultdict(list)
    for charge in charges:
        by_occurrence[charge.occurrence_id].append(charge)
    handled = 0
    rules: dict[int, tuple[int, Decimal]] = {}
    to_credit: list[ChargeLine] = []
    for items in by_occurrence.values():
        occ = items[0].occurrence
        house = items[0].house
        if house.pk not in rules:  # once per house (setdefault would read the profile for every date)
            rules[house.pk] = _free_until(house)
        free_days, percent = rules[house.pk]
        moment = when or occ.updated_at or timezone.now()
        days_before = (occ.local_date - timezone.localtime(moment, timezone=_tz(house)).date()).days
        late = occ.status == "cancelled" and days_before < free_days and percent > 0
        rent = next((c for c in items if c.code == RENT), None)
        if late and rent is not None:
            fee = percent_of(rent.amount, percent)
            if fee > 0:
                _add_fee(rent, fee=fee, percent=percent, days_before=max(days_before, 0))
        for charge in items:
            charge.status = ChargeLine.Status.VOID
            _give_back_free_hours(charge)
            if charge.invoice_id is not None and charge.invoice.is_issued and not charge.invoice.is_credit_note:
                to_credit.append(charge)
        handled += 1
        log_action(actor, "billing.charge.cancelled", occ.series, house_id=house.pk,
                   organisation_id=occ.organisation_id,
                   data={"date": occ.local_date, "late": late, "days_before": days_before})  # fmt: skip
    ChargeLine.objects.bulk_update(charges, ["status"], batch_size=BATCH)
    if to_credit:
        from buurtkracht.billing.services.invoices import credit_charges

        credit_charges(to_credit, actor=actor, reason=_("Booking cancelled"))
    return handled


def _tz(house):
    from zoneinfo import ZoneInfo

    return ZoneInfo(house.time_zone)


def _add_fee(rent: ChargeLine, *, fee: Decimal, percent: Decimal, days_before: int) -> None:
    rule = _("Cancelled %(days)s days before: %(pct)s%% of %(price)s") % {
        "days": days_before, "pct": number(percent), "price": euro(rent.amount)
    }  # fmt: skip
    ChargeLine.objects.create(
        occurrence_id=rent.occurrence_id, series_id=rent.series_id, house_id=rent.house_id, room_id=rent.room_id,
        organisation_id=rent.organisation_id, rate_card_id=rent.rate_card_id, local_date=rent.local_date,
        start=rent.start, end=rent.end, code=CANCELLATION, description=_("Cancellation fee"), rule=rule[:300],
        category=rent.category, unit="use", quantity=Decimal(1), hours=ZERO, list_unit_price=fee,
        applied_unit_price=fee, list_amount=fee, amount=fee, vat_category=rent.vat_category, vat_rate=rent.vat_rate,
        vat_exemption_code=rent.vat_exemption_code, vat_exemption_reason=rent.vat_exemption_reason,
    )  # fmt: skip


def _take_free_hours(charge: ChargeLine) -> None:
    if charge.free_hours and charge.organisation_id:
        Allowance.objects.filter(
            organisation_id=charge.organisation_id, house_id=charge.house_id, year=charge.local_date.year
        ).update(used=F("used") + charge.free_hours)


def _give_back_free_hours(charge: ChargeLine) -> None:
    if charge.free_hours and charge.organisation_id:
        allowance = (
            Allowance.objects.select_for_update()
            .filter(organisation_id=charge.organisation_id, house_id=charge.house_id, year=charge.local_date.year)
            .first()
        )
        if allowance is not None:
            allowance.used = max(ZERO, allowance.used - charge.free_hours)
            allowance.save(update_fields=["used"])


@transaction.atomic
def reconcile_cancellations(*, house, start: date, end: date, actor=None) -> int:
    """Apply the cancellation rule to active charges in the period whose date is no longer confirmed, and drop
    those whose date no longer exists."""
    period = ChargeLine.objects.filter(house=house, local_date__range=(start, end))
    _drop_orphans(period, actor=actor)
    ids = (
        period.filter(status=ChargeLine.Status.ACTIVE)
        .exclude(occurrence__status=CONFIRMED)
        .exclude(occurrence__isnull=True)
        .values_list("occurrence_id", flat=True)
        .distinct()
    )
    ids = list(ids)
    return cancel_charges(ids, actor=actor) if ids else 0
