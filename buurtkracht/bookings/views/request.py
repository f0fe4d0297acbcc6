"""Requesting a booking: question pages, then a check page with every date in words (accessibility.md §3).

Answers live in the session per house, so each step is a plain POST that keeps them (WCAG 3.3.7), and
"Wijzigen" on the check page goes back to one question. Nothing is booked before the last POST.
"""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.accounts.permissions import has_perm
from buurtkracht.bookings.forms import (
    OptionForm,
    RepeatForm,
    UntilForm,
    WhatWhenForm,
    apply_service_errors,
    minutes_between,
    parse_date,
)
from buurtkracht.bookings.getters import organisations_to_book_for
from buurtkracht.bookings.models import MAX_OCCURRENCES
from buurtkracht.bookings.recurrence import describe
from buurtkracht.bookings.services.series import build_rule, check_dates, create_series
from buurtkracht.houses.getters import get_house_for_user

STEPS = ("wat", "herhalen", "tot", "controleren")
KIND = {"no": "one_off", "weekly": "weekly", "biweekly": "weekly", "monthly": "monthly"}


def _key(house) -> str:
    return f"bookings_request_{house.pk}"


def _answers(request, house) -> dict:
    return dict(request.session.get(_key(house), {}))


def _save(request, house, answers: dict) -> None:
    request.session[_key(house)] = answers


def _url(house, step: str) -> str:
    return reverse("bookings:request", args=[house.slug]) + f"?stap={step}"


def _today(house) -> date:
    return timezone.now().astimezone(ZoneInfo(house.time_zone)).date()


def _rooms(house):
    return house.rooms.bookable()


def _is_staff(user, house) -> bool:
    return has_perm(user, "bookings.booking:approve", house)


def _rule_from(house, answers: dict):
    repeat = answers.get("repeat", "no")
    first = date.fromisoformat(answers["first_date"])
    start, end = time.fromisoformat(answers["start_time"]), time.fromisoformat(answers["end_time"])
    weekdays = answers.get("weekdays") or [first.weekday()]
    if repeat == "monthly":
        weekdays = [first.weekday()]
    return build_rule(
        house=house,
        kind=KIND[repeat],
        first_date=first,
        start_time=start,
        duration_minutes=minutes_between(start, end),
        interval=2 if repeat == "biweekly" else 1,
        weekdays=weekdays,
        month_week=answers.get("month_week") or 1,
        until_date=date.fromisoformat(answers["until_date"]) if answers.get("until_date") else None,
        count=answers.get("count"),
    )


@login_required
def request_booking(request, house_slug: str):
    house = get_house_for_user(request.user, house_slug, perm="bookings.booking:request")
    step = request.GET.get("stap", "wat")
    if step not in STEPS:
        step = "wat"
    answers = _answers(request, house)
    if step != "wat" and not answers.get("first_date"):
        return redirect(_url(house, "wat"))
    if step == "tot" and answers.get("repeat", "no") == "no":
        return redirect(_url(house, "controleren"))
    return {"wat": _step_what, "herhalen": _step_repeat, "tot": _step_until, "controleren": _step_check}[step](
        request, house, answers
    )


def _step_what(request, house, answers):
    organisations = organisations_to_book_for(request.user, house)
    initial = {
        "room": answers.get("room"),
        "title": answers.get("title", ""),
        "organisation": answers.get("organisation"),
        "first_date": answers.get("first_date"),
        "start_time": answers.get("start_time"),
        "end_time": answers.get("end_time"),
        "next_day": answers.get("next_day", False),
    }
    if request.method == "GET":
        found = _from_calendar(request.GET)
        initial.update(found)
        repeat = _repeat_from_search(request.GET) if found.get("first_date") else {}
        if repeat:
            answers.update(repeat)
            _save(request, house, answers)
    form = WhatWhenForm(
        request.POST or None, initial=initial, rooms=_rooms(house), organisations=organisations, today=_today(house)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers.update(
            room=data["room"].pk,
            title=data["title"].strip(),
            organisation=data["organisation"].pk if data["organisation"] else None,
            first_date=data["first_date"].isoformat(),
            start_time=data["start_time"].strftime("%H:%M"),
            end_time=data["end_time"].strftime("%H:%M"),
            next_day=data["next_day"],
        )
        _save(request, house, answers)
        return redirect(_url(house, "controleren" if request.GET.get("terug") else "herhalen"))
    return render(request, "bookings/request_what.html", {"house": house, "form": form, "step": 1})


def _from_calendar(query) -> dict:
    """A free cell of the week calendar links here with room, date and hour, the free-space search also with
    the end (``eind``): start from those. A bad end is ignored (the hour after the start is used)."""
    found: dict = {}
    if query.get("zaal", "").isdigit():
        found["room"] = int(query["zaal"])
    try:
        if query.get("datum"):
            found["first_date"] = parse_date(query["datum"])
        if query.get("tijd"):
            start = time.fromisoformat(query["tijd"])
            found["start_time"] = start.strftime("%H:%M")
            found["end_time"] = time((start.hour + 1) % 24, start.minute).strftime("%H:%M")
            found["next_day"] = start.hour == 23
    except (ValidationError, ValueError):
        return {}
    end = _clock_time(query.get("eind", ""))
    if end is not None and "start_time" in found:
        found["end_time"] = end.strftime("%H:%M")
        found["next_day"] = end <= time.fromisoformat(found["start_time"])
    return found


def _clock_time(text: str) -> time | None:
    """HH:MM, or None for anything else (the parameter came from a link, so a bad value is simply ignored)."""
    if len(text) != 5:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def _repeat_from_search(query) -> dict:
    """The free-space search links here with ``herhalen=weekly`` and ``weken`` for a weekly question: answer
    the repeat and until steps with them (the person still sees and may change both). Bad values are ignored;
    a single date (a search link without ``herhalen``) makes no repetition."""
    once = {"repeat": "no", "until_date": None, "count": None}
    if "herhalen" not in query:
        return once if "eind" in query else {}
    weeks = query.get("weken", "")
    if query["herhalen"] != "weekly" or not weeks.isdigit() or not 1 <= int(weeks) <= MAX_OCCURRENCES:
        return {}
    if int(weeks) == 1:
        return once
    return {"repeat": "weekly", "weekdays": [], "month_week": None, "until_date": None, "count": int(weeks)}


def _step_repeat(request, house, answers):
    initial = {
        "repeat": answers.get("repeat", "no"),
        "weekdays": answers.get("weekdays") or [],
        "month_week": answers.get("month_week"),
        "skip_public_holidays": answers.get("skip_public_holidays", False),
        "skip_school_holidays": answers.get("skip_school_holidays", False),
    }
    form = RepeatForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["repeat"] != "no" and not answers.get("organisation") and not _is_staff(request.user, house):
            form.add_error(
                "repeat",
                _("A repeating booking is made on behalf of an organisation. Choose your organisation first."),
            )
        elif data["repeat"] == "monthly" and not data.get("month_week"):
            form.add_error("month_week", _("Choose the first, second, third, fourth or last week."))
        else:
            answers.update(
                repeat=data["repeat"],
                weekdays=data["weekdays"],
                month_week=data.get("month_week"),
                skip_public_holidays=data["skip_public_holidays"],
                skip_school_holidays=data["skip_school_holidays"],
            )
            _save(request, house, answers)
            return redirect(_url(house, "tot" if data["repeat"] != "no" else "controleren"))
    return render(request, "bookings/request_repeat.html", {"house": house, "form": form, "step": 2})


def _step_until(request, house, answers):
    first = date.fromisoformat(answers["first_date"])
    initial = {"until_date": answers.get("until_date"), "count": answers.get("count")}
    form = UntilForm(request.POST or None, initial=initial, first_date=first)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers.update(
            until_date=data["until_date"].isoformat() if data.get("until_date") else None,
            count=data.get("count") if not data.get("until_date") else None,
        )
        _save(request, house, answers)
        return redirect(_url(house, "controleren"))
    return render(request, "bookings/request_until.html", {"house": house, "form": form, "step": 3})


def _step_check(request, house, answers):
    room = _rooms(house).filter(pk=answers.get("room")).first()
    organisation = None
    if answers.get("organisation"):
        organisation = organisations_to_book_for(request.user, house).filter(pk=answers["organisation"]).first()
    if room is None or (answers.get("organisation") and organisation is None):
        return redirect(_url(house, "wat"))
    option_form = OptionForm(request.POST or None)
    errors, checks, rule = [], [], None
    try:
        rule = _rule_from(house, answers)
        checks = check_dates(
            house=house,
            room=room,
            rule=rule,
            setup_minutes=room.setup_minutes,
            cleanup_minutes=room.cleanup_minutes,
            skip_public_holidays=answers.get("skip_public_holidays", False),
            skip_school_holidays=answers.get("skip_school_holidays", False),
            viewer=request.user,
        )
    except ValidationError as error:
        errors = error.messages
    if request.method == "POST" and not errors and option_form.is_valid():
        keep = set(request.POST.getlist("houden"))
        drop = [c.slot_date for c in checks if c.bookable and c.slot_date.isoformat() not in keep]
        try:
            series = create_series(
                actor=request.user,
                house=house,
                room=room,
                title=answers["title"],
                kind=rule.kind,
                first_date=rule.first_date,
                start_time=rule.start_time,
                duration_minutes=rule.duration_minutes,
                organisation=organisation,
                interval=rule.interval,
                weekdays=list(rule.weekdays),
                month_week=rule.month_week,
                until_date=rule.until_date,
                count=rule.count,
                skip_public_holidays=answers.get("skip_public_holidays", False),
                skip_school_holidays=answers.get("skip_school_holidays", False),
                option=option_form.cleaned_data["option"],
                free_only=True,
                drop=drop,
            )
        except ValidationError as error:
            apply_service_errors(option_form, error)
        else:
            request.session.pop(_key(house), None)
            messages.success(request, _next_steps(series))
            return redirect(series.get_absolute_url())
    context = {
        "house": house,
        "room": room,
        "organisation": organisation,
        "answers": answers,
        "pattern": describe(rule) if rule else "",
        "checks": checks,
        "bookable": [c for c in checks if c.bookable],
        "skipped": [c for c in checks if not c.bookable],
        "errors": errors,
        "form": option_form,
        "is_staff": _is_staff(request.user, house),
        "change_url": {s: _url(house, s) + "&terug=1" for s in STEPS},
        "step": 4,
        "show_price": apps.is_installed("buurtkracht.billing") and rule is not None,
        "price_dates": [c.slot_date for c in checks if c.bookable],
        "recurring": rule is not None and rule.kind != "one_off",
    }
    return render(request, "bookings/request_check.html", context)


def _next_steps(series) -> str:
    if series.status == "confirmed":
        return _("Your booking is confirmed. You will get an e-mail with the dates.")
    if series.status == "provisional":
        return _("We hold the room for you as an option. Confirm it with the house in time.")
    return _("Your request has been sent. The house will decide and let you know by e-mail.")
