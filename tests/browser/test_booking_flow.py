"""A house manager books a weekly series from the week view, sees the conflicts, books the free dates and
moves one date (issue 3, "Browser test"; accessibility.md §3 "Recurring booking: question pages").

The demo's "Yoga voor beginners" holds one half of the Grote zaal of Wij(k)huis de Haard every Wednesday
19:30–20:45 for eight weeks. The manager, logged in through the real login form, walks the week view to
the week of the last-but-one yoga Wednesday, clicks the free 18:00 cell of the whole Grote zaal and asks
for a choir rehearsal 18:00–20:00 every week, nine times. With the hall's 30 minutes of set-up and
clean-up the first two Wednesdays collide with the yoga in its half (a booked half blocks the whole hall):
the check page says so in words, the manager books the seven free dates, lands on the booking and moves
one date to the afternoon. Every page of the flow passes axe (no serious or critical violation).

A second test (issue #4) follows the link of the free-space search as the contact of a resident initiative,
in Dutch and in English: the request pages start from the searched slot (end time, every week, six weeks), and
the check page shows the price of the dates that will be booked (list price, the category's discount, free
hours, VAT, total); unticking a date updates the price with HTMX and announces it.

Screenshots of the week view, the check page (with its price) and the booking, 1280 and 360 px wide, go to
var/screenshots (ignored by git); to refresh the committed ones in docs/screenshots::

    BUURTKRACHT_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest tests/browser/test_booking_flow.py
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.browser.pages import HAARD, log_in
from tests.browser.support import axe_violations, blocking, describe_violations, save_screenshot, skip_without_chromium

skip_without_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("BUURTKRACHT_SCREENSHOT_DIR", "var/screenshots")
DESKTOP, MOBILE = (1280, 900), (360, 740)
MAX_HEIGHT = {"week": 3600, "quote": 3600}  # the week view down to the Wednesday of the first date; other pages 2400 px

YOGA = "Yoga voor beginners"
TITLE = "Koorrepetitie"
TIMES = 9
# Dutch names, written out here so the test does not lean on the formatting code it checks.
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]  # fmt: skip


def in_words(day: date, year: bool = True) -> str:
    """The day as the pages say it: "woensdag 13 januari 2027"; the calendar cells leave out the year."""
    text = f"{DAYS[day.weekday()]} {day_month(day)}"
    return f"{text} {day.year}" if year else text


def day_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@pytest.fixture
def manager_page(browser, demo_server, settings):
    """A fresh browser window on the live server, not logged in yet (the test logs in through the form).
    Made here rather than with ``new_page`` so the run does not wait for every demo role to log in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the demo was loaded
    context = browser.new_context(
        base_url=demo_server, viewport={"width": DESKTOP[0], "height": DESKTOP[1]}, locale="nl-NL"
    )
    context.add_cookies([{"name": "buurtkracht_language", "value": "nl", "url": demo_server}])
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def scene():
    """The demo's house, hall and yoga series, and the nine Wednesdays the manager will ask for."""
    from buurtkracht.bookings.models import OCCUPYING
    from buurtkracht.houses.models import Closure, House

    house = House.objects.get(slug=HAARD)
    hall = house.rooms.get(name="Grote zaal")
    yoga = house.booking_series.get(title=YOGA)
    tz = ZoneInfo(house.time_zone)
    yoga_days = [o.start.astimezone(tz).date() for o in yoga.occurrences.filter(status__in=OCCUPYING).order_by("start")]
    assert len(yoga_days) >= 2 and yoga_days[-1] - yoga_days[-2] == timedelta(weeks=1), yoga_days
    assert yoga.room.parent_id == hall.pk, "the yoga must hold a half of the hall"
    first = yoga_days[-2]
    wanted = [first + timedelta(weeks=n) for n in range(TIMES)]
    room_ids = [hall.pk, *hall.parts.values_list("pk", flat=True)]
    assert len(room_ids) == 3, "the Grote zaal has two halves"
    closures = Closure.objects.filter(house=house).filter(room__isnull=True) | Closure.objects.filter(
        house=house, room_id__in=room_ids
    )
    closed = {d for d in wanted for c in closures if c.start_date <= d <= c.end_date}
    return {
        "house": house,
        "hall": hall,
        "room_ids": room_ids,
        "tz": tz,
        "wanted": wanted,
        "conflicts": [d for d in yoga_days[-2:] if d not in closed],
        "closed": closed,
    }


class Flow:
    """The page, plus the checks every page of the flow gets: no serious or critical axe violation."""

    def __init__(self, page) -> None:
        self.page = page
        self.checked: list[str] = []

    def axe(self, what: str) -> None:
        found = blocking(axe_violations(self.page))
        assert not found, f"{what}\n" + describe_violations(found, self.page.url)
        self.checked.append(what)

    def screenshots(self, name: str, who: str = "manager", lang: str = "nl") -> None:
        """The page at 1280 px and at 360 px (full length, clipped at MAX_HEIGHT), as small palette PNGs."""
        page = self.page
        for device, (width, height) in (("desktop", DESKTOP), ("mobile", MOBILE)):
            page.set_viewport_size({"width": width, "height": height})
            target = SCREENSHOTS / f"booking-flow-{name}-{who}-{lang}-{device}.png"
            save_screenshot(page, target, width=width, max_height=MAX_HEIGHT.get(name, 2400))
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})


WEEKS = 6
QUOTE_WORDS = {
    "nl": {"what": "Waarvoor is het?", "on_behalf": "Namens", "next": "Verder", "weekly": "Elke week",
           "count": "Of: aantal keer", "heading": "Wat het kost", "total": "Totaal te betalen", "list": "Lijstprijs",
           "discount": "Korting", "status": "Nieuwe prijs voor {n} datums: {total}."},
    "en": {"what": "What is it for?", "on_behalf": "On behalf of", "next": "Continue", "weekly": "Every week",
           "count": "Or: number of times", "heading": "What it costs", "total": "Total to pay", "list": "List price",
           "discount": "Discount", "status": "New price for {n} dates: {total}."},
}  # fmt: skip


@pytest.fixture
def contact_page(browser, demo_server, settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    lang = request.param
    context = browser.new_context(
        base_url=demo_server, viewport={"width": DESKTOP[0], "height": DESKTOP[1]},
        locale="nl-NL" if lang == "nl" else "en-GB",
    )  # fmt: skip
    context.add_cookies([{"name": "buurtkracht_language", "value": lang, "url": demo_server}])
    context.set_default_timeout(15_000)
    try:
        yield context.new_page(), lang
    finally:
        context.close()


@pytest.mark.parametrize("contact_page", ["nl", "en"], indirect=True)
def test_contact_follows_a_search_link_and_sees_the_price_change_with_the_ticked_dates(contact_page, scene):
    """The demo card of de Haard is hourly, with a discount for resident initiatives (after their free hours):
    the list price is two hours × the card's hourly price per date offered, the total is the sum of the dates'
    prices, and unticking the last date takes exactly its price off."""
    from buurtkracht.billing.models import RateCard
    from buurtkracht.billing.tests import factories
    from buurtkracht.bookings.models import BookingSeries

    page, lang = contact_page
    words = QUOTE_WORDS[lang]
    house, hall, wanted = scene["house"], scene["hall"], scene["wanted"][:WEEKS]
    if not RateCard.objects.filter(house=house).exists():  # the demo gives every house a card; older demos did not
        factories.house_profile(house)
        factories.hourly_card(house, categories={"resident_initiative": {"discount_percent": Decimal("75")}})
    card = RateCard.objects.get(house=house, room__isnull=True)
    assert card.unit == "hour", "de Haard charges by the hour"
    log_in(page, "contact")  # sets the language cookie to the person's own language (Dutch): choose again
    origin = re.match(r"https?://[^/]+", page.url).group(0)
    page.context.add_cookies([{"name": "buurtkracht_language", "value": lang, "url": origin + "/"}])
    flow = Flow(page)

    # 1. The search result's link: room, first date, 18:00 to 20:00, every week for six weeks.
    query = f"?zaal={hall.pk}&datum={wanted[0].isoformat()}&tijd=18:00&eind=20:00&herhalen=weekly&weken={WEEKS}"
    page.goto(reverse("bookings:request", args=[house.slug]) + query)
    assert page.get_by_label(words["what"]).count() == 1
    assert page.locator("input[name=end_time]").input_value() == "20:00"
    page.get_by_label(words["what"]).fill(TITLE)
    page.get_by_label(words["on_behalf"]).select_option(label=RESIDENTS)
    page.get_by_role("button", name=words["next"]).click()
    page.wait_for_url(re.compile(r"stap=herhalen"))
    assert page.get_by_role("radio", name=words["weekly"]).is_checked(), "the search asked for every week"
    page.get_by_role("button", name=words["next"]).click()
    page.wait_for_url(re.compile(r"stap=tot"))
    assert page.get_by_label(words["count"]).input_value() == str(WEEKS), "the search asked for six weeks"
    page.get_by_role("button", name=words["next"]).click()

    # 2. The check page prices exactly the dates offered for booking.
    page.wait_for_url(re.compile(r"stap=controleren"))
    boxes = page.locator("input[name=houden]")
    offered = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
    assert 2 <= len(offered) < WEEKS, f"the yoga Wednesdays are skipped: {offered}"
    price = page.locator("section.quote-block")
    assert price.get_by_role("heading", name=words["heading"]).count() == 1

    def cents(text: str) -> int:
        return int(re.sub(r"[^\d]", "", text))

    def shown(label: str) -> int:
        dt = price.locator("dt", has_text=re.compile(rf"^{label}$"))
        return cents(dt.locator("xpath=following-sibling::dd[1]").inner_text())

    def paid_per_date() -> list[int]:
        rows = price.locator("tbody tr")
        return [cents(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(rows.count())]

    assert shown(words["list"]) == len(offered) * 2 * cents(f"{card.hour_price:.2f}")
    per_date = paid_per_date()
    assert len(per_date) == len(offered) and shown(words["total"]) == sum(per_date)
    assert shown(words["total"]) < shown(words["list"]) and words["discount"] in price.inner_text()
    flow.axe(f"check page with the price ({lang})")
    flow.screenshots("quote", who="contact", lang=lang)

    # 3. Untick the last date: the price follows, and a screen reader hears the new total.
    boxes.nth(len(offered) - 1).uncheck()
    status = page.locator("#request-quote-status")
    status.filter(has_text=re.compile(r"\S")).wait_for()
    assert paid_per_date() == per_date[:-1]
    assert shown(words["total"]) == sum(per_date[:-1])
    assert str(len(offered) - 1) in status.inner_text()
    flow.axe(f"check page after unticking a date ({lang})")
    assert BookingSeries.objects.filter(house=house, title=TITLE).count() == 0, "nothing is booked yet"


# Last: on PostgreSQL the live server commits the manager's booking (it has its own connection), and the
# contact's test above asks for the same Wednesdays; on SQLite the test's transaction rolls it back.
def test_manager_books_weekly_series_skips_conflicts_and_moves_a_date(manager_page, scene):
    from buurtkracht.bookings.models import OCCUPYING, BookingSeries, Occurrence

    house, hall, tz, wanted = scene["house"], scene["hall"], scene["tz"], scene["wanted"]
    first, conflicts, closed = wanted[0], scene["conflicts"], scene["closed"]
    free = [d for d in wanted if d not in conflicts and d not in closed]
    assert len(conflicts) == 2, f"expected the last two yoga Wednesdays in the window: {conflicts}"

    page = manager_page
    log_in(page, "manager")
    flow = Flow(page)

    # 1. The week view of the house, walked forward week by week to the week of the first date.
    page.goto(reverse("bookings:house_week", args=[HAARD]))
    assert page.locator("h1").inner_text() == f"Reserveringen in {house.name}"
    today = datetime.now(tz).date()
    for weeks in range(1, (monday(first) - monday(today)).days // 7 + 1):
        page.get_by_role("link", name=re.compile(r"^Volgende week \(")).click()
        page.locator(f"#caption-{monday(today) + timedelta(weeks=weeks):%Y%m%d}").wait_for(state="attached")
    week = monday(first)
    sunday = week + timedelta(days=6)
    label = f"Week {week.isocalendar()[1]} ({day_month(week)} t/m {day_month(sunday)} {sunday.year})"
    assert page.locator("main .meta").first.inner_text() == label
    assert page.url.endswith(f"?datum={week.isoformat()}"), "the week links put the week in the address"
    # after each swap the week is announced and focus is on the heading, not lost to <body>
    assert page.locator("#status").inner_text().strip() == label
    assert page.evaluate("document.activeElement.tagName") == "H1"
    caption = page.locator(f"#caption-{first:%Y%m%d}")
    assert caption.inner_text() == f"{house.name}, {in_words(first)}"
    day_table = page.locator("table").filter(has=caption)
    # the yoga in one half blocks the whole hall: its column says so in words and offers no link at 19:00
    yoga_in_hall = re.compile(rf"^Bezet: {YOGA} \(via Grote zaal – voorkant\), 19:30–20:45$")
    assert day_table.get_by_text(yoga_in_hall).count() == 1
    busy_hour = f"Reserveer Grote zaal, {in_words(first, year=False)} van 19:00 tot 20:00 uur"
    assert page.get_by_role("link", name=busy_hour).count() == 0
    flow.axe("week view (after walking to the week of the first date)")
    flow.screenshots("week")

    # 2. A free hour of the Grote zaal starts the request with room, date and time filled in.
    cell = page.get_by_role("link", name=f"Reserveer Grote zaal, {in_words(first, year=False)} van 18:00 tot 19:00 uur")
    cell.click()
    page.wait_for_url(re.compile(r"/aanvragen/\?"))
    assert page.get_by_text("Stap 1 van 4").count() == 1
    assert page.get_by_label("Zaal", exact=True).input_value() == str(hall.pk)
    assert page.get_by_label("Datum", exact=True).input_value() == first.isoformat()
    assert page.get_by_label("Van", exact=True).input_value() == "18:00"
    flow.axe("request step 1 (room, date, time)")
    page.get_by_label("Waarvoor is het?").fill(TITLE)
    page.get_by_label("Tot", exact=True).fill("20:00")
    page.get_by_role("button", name="Verder").click()

    # 3. Repeat every week …
    page.wait_for_url(re.compile(r"stap=herhalen"))
    assert page.locator("h1").inner_text() == "Reservering herhalen?"
    flow.axe("request step 2 (repeat)")
    page.get_by_role("radio", name="Elke week").check()
    page.get_by_role("button", name="Verder").click()

    # 4. … nine times.
    page.wait_for_url(re.compile(r"stap=tot"))
    assert page.locator("h1").inner_text() == "Tot wanneer?"
    flow.axe("request step 3 (until when)")
    page.get_by_label("Of: aantal keer").fill(str(TIMES))
    page.get_by_role("button", name="Verder").click()

    # 5. The check page: every date in words, the conflicts in text, the free dates ticked.
    page.wait_for_url(re.compile(r"stap=controleren"))
    main = page.locator("main")
    assert page.locator("h1").inner_text() == "Controleer je reservering"
    for day in conflicts:
        line = f"{in_words(day)}: De zaal is dan al bezet, voor {YOGA}. Deze datum slaan we over."
        assert main.get_by_text(line, exact=True).count() == 1, f"no conflict line {line!r} on {page.url}"
    skipped = len(conflicts) + len(closed)
    assert main.get_by_role("heading", name=f"{skipped} datums slaan we over").count() == 1
    assert main.get_by_role("heading", name=re.compile(rf"^{len(free)} datums kun je reserveren")).count() == 1
    boxes = main.get_by_role(
        "checkbox", name=re.compile(r"^(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) ")
    )
    assert [boxes.nth(i).get_attribute("value") for i in range(boxes.count())] == [d.isoformat() for d in free]
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    for day in free:
        assert main.get_by_role("checkbox", name=re.compile(rf"^{in_words(day)}")).count() == 1
    for day in conflicts:
        assert main.get_by_role("checkbox", name=re.compile(rf"^{in_words(day)}")).count() == 0
    flow.axe("check answers (with conflicts)")
    flow.screenshots("check")
    assert BookingSeries.objects.filter(house=house, title=TITLE).count() == 0, "nothing is booked before confirming"

    # 6. Book only the free dates.
    page.get_by_role("button", name="Deze datums reserveren").click()
    page.wait_for_url(re.compile(r"/\d+/$"))
    series = BookingSeries.objects.get(house=house, title=TITLE)
    assert page.url.endswith(series.get_absolute_url())
    assert page.locator("h1").inner_text() == TITLE
    assert page.get_by_text("Je reservering is bevestigd.").count() >= 1
    rows = main.locator("table tbody tr")
    assert rows.count() == TIMES
    for day in free:
        row = rows.filter(has=page.locator("th", has_text=in_words(day)))
        assert row.count() == 1 and "Bevestigd" in row.inner_text(), f"{day}: {row.all_inner_texts()}"
        assert "18:00–20:00" in row.inner_text()
    for day in conflicts:
        row = rows.filter(has=page.locator("th", has_text=in_words(day)))
        assert row.count() == 1, f"skipped date {day} is not listed"
        assert re.search(r"Overgeslagen: De zaal is dan al bezet, voor Yoga voor beginners\.", row.inner_text())
    flow.axe("booking (series detail)")
    flow.screenshots("series")

    # 7. Move the third booked date to the afternoon.
    moved_day = free[2]
    row = rows.filter(has=page.locator("th", has_text=in_words(moved_day)))
    row.get_by_role("link", name=re.compile(r"^Verplaatsen ")).click()
    page.wait_for_url(re.compile(r"/verplaatsen/$"))
    assert page.locator("h1").inner_text() == "Datum verplaatsen"
    assert page.get_by_label("Datum", exact=True).input_value() == moved_day.isoformat()
    flow.axe("move a date")
    page.get_by_label("Van", exact=True).fill("14:00")
    page.get_by_label("Tot", exact=True).fill("16:00")
    page.get_by_role("button", name="Datum verplaatsen").click()
    page.wait_for_url(re.compile(rf"{series.get_absolute_url()}$"))
    assert page.get_by_text("De datum is verplaatst.").count() >= 1
    row = main.locator("table tbody tr").filter(has=page.locator("th", has_text=in_words(moved_day)))
    assert row.count() == 1
    assert "14:00–16:00" in row.inner_text() and "verplaatst" in row.inner_text(), row.inner_text()
    flow.axe("booking after the move")

    # 8. The database agrees.
    occurrences = list(series.occurrences.order_by("slot_date"))
    assert [o.slot_date for o in occurrences] == wanted
    booked = [o for o in occurrences if o.status in OCCUPYING]
    assert [o.slot_date for o in booked] == free
    assert all(o.status == Occurrence.Status.CONFIRMED for o in booked)
    assert {o.slot_date for o in occurrences if o.status == Occurrence.Status.CANCELLED} == set(conflicts) | closed
    moved = next(o for o in occurrences if o.slot_date == moved_day)
    assert moved.moved
    assert moved.start.astimezone(tz) == datetime.combine(moved_day, time(14, 0), tzinfo=tz)
    assert moved.end.astimezone(tz) == datetime.combine(moved_day, time(16, 0), tzinfo=tz)
    assert moved.room_id == hall.pk
    # the hall's set-up and clean-up move along with the date
    assert moved.blocked_start.astimezone(tz) == datetime.combine(moved_day, time(13, 30), tzinfo=tz)
    assert moved.blocked_end.astimezone(tz) == datetime.combine(moved_day, time(16, 30), tzinfo=tz)
    for occurrence in booked:
        if occurrence.pk != moved.pk:
            assert occurrence.start.astimezone(tz).time() == time(18, 0), occurrence
    # no other occupying date in the hall or its halves overlaps a booked date, set-up and clean-up included
    for occurrence in booked:
        overlapping = Occurrence.objects.filter(
            room_id__in=scene["room_ids"],
            status__in=OCCUPYING,
            blocked_start__lt=occurrence.blocked_end,
            blocked_end__gt=occurrence.blocked_start,
        ).exclude(pk=occurrence.pk)
        assert not overlapping.exists(), f"{occurrence} overlaps {list(overlapping)}"
    assert len(flow.checked) == 8


RESIDENTS = "Bewonersinitiatief Samen Ruwaard"
