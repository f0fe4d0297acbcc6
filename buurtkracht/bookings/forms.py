"""Forms for the booking pages: one question per page for a request, then the check page."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buurtkracht.bookings.models import MAX_OCCURRENCES
from buurtkracht.houses.models import OpeningHours

MONTHS_NL = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12, "january": 1, "february": 2, "march": 3,
    "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
}  # fmt: skip


def parse_date(value) -> date | None:
    """ISO (2026-03-17), Dutch numeric (17-3-2026, 17/3/2026) or in words (17 maart 2026)."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip().lower()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(?:\w+ )?(\d{1,2}) ([a-z]+) (\d{4})", text)
        if not match or match.group(2) not in MONTHS_NL:
            raise ValidationError(_("Enter a date like 17-3-2026."), code="invalid")
        day, month, year = int(match.group(1)), MONTHS_NL[match.group(2)], int(match.group(3))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(_("This date does not exist. Check the day and the month."), code="invalid") from None


class DutchDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_date(value)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": 300, **(attrs or {})}, format="%H:%M")


def minutes_between(start: time, end: time) -> int:
    """Wall-clock minutes from start to end; an end at or before the start means the next day."""
    begin = datetime.combine(date(2000, 1, 1), start)
    finish = datetime.combine(date(2000, 1, 1 if end > start else 2), end)
    return int((finish - begin).total_seconds() // 60)


class WhatWhenForm(forms.Form):
    """Step 1: room, what for, first date and time."""

    room = forms.ModelChoiceField(queryset=None, label=_("Room"), empty_label=None)
    title = forms.CharField(label=_("What is it for?"), max_length=150, help_text=_("For example: choir rehearsal"))
    organisation = forms.ModelChoiceField(
        queryset=None, label=_("On behalf of"), required=False, empty_label=_("Myself")
    )
    first_date = DutchDateField(label=_("Date"), help_text=_("For example: 17-3-2026"))
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    next_day = forms.BooleanField(label=_("It ends after midnight, the next day"), required=False)

    def __init__(self, *args, rooms, organisations, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        self.fields["organisation"].queryset = organisations
        self.fields["first_date"].widget.attrs["min"] = today.isoformat()
        self.today = today

    def clean_first_date(self):
        value = self.cleaned_data["first_date"]
        if value < self.today:
            raise ValidationError(_("This date has passed. Choose a date from today."))
        return value

    def clean(self):
        return check_times(self, super().clean())


def check_times(form: forms.Form, data: dict) -> dict:
    """The end lies after the start, or the next day when that box is ticked."""
    start, end = data.get("start_time"), data.get("end_time")
    if start and end and end <= start and not data.get("next_day"):
        form.add_error(
            "end_time",
            _("The end time must be after the start time. Does it end after midnight? Tick that box."),
        )
    return data


REPEAT_CHOICES = [
    ("no", _("No, only once")),
    ("weekly", _("Every week")),
    ("biweekly", _("Every other week")),
    ("monthly", _("Every month")),
]
MONTH_WEEK_CHOICES = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))]


class RepeatForm(forms.Form):
    """Step 2: does it repeat, and how."""

    repeat = forms.ChoiceField(label=_("Do you want to repeat this booking?"), choices=REPEAT_CHOICES,
                               widget=forms.RadioSelect)  # fmt: skip
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On which days?"), choices=OpeningHours.Weekday.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("For every week or every other week. Empty: the day of the first date."),
    )  # fmt: skip
    month_week = forms.TypedChoiceField(
        label=_("Which week of the month?"), choices=MONTH_WEEK_CHOICES, coerce=int, required=False,
        help_text=_("For every month, on the weekday of the first date."),
    )  # fmt: skip
    skip_public_holidays = forms.BooleanField(label=_("Skip public holidays"), required=False)
    skip_school_holidays = forms.BooleanField(label=_("Skip school holidays"), required=False)


class UntilForm(forms.Form):
    """Step 3: until when."""

    until_date = DutchDateField(label=_("Up to and including (date)"), required=False)
    count = forms.IntegerField(label=_("Or: number of times"), required=False, min_value=1, max_value=MAX_OCCURRENCES)

    def __init__(self, *args, first_date: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_date = first_date
        self.fields["until_date"].widget.attrs["min"] = first_date.isoformat()

    def clean(self):
        data = super().clean()
        if not data.get("until_date") and not data.get("count") and not self.errors:
            raise ValidationError(_("Choose a last date or a number of times."))
        if data.get("until_date") and data["until_date"] < self.first_date:
            self.add_error("until_date", _("The last date must be on or after the first date."))
        return data


class OptionForm(forms.Form):
    option = forms.BooleanField(
        label=_("Hold it as an option first"), required=False,
        help_text=_("An option holds the room for 14 days. Confirm it in time, or it lapses."),
    )  # fmt: skip


class MoveForm(forms.Form):
    day = DutchDateField(label=_("Date"))
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    next_day = forms.BooleanField(label=_("It ends after midnight, the next day"), required=False)
    room = forms.ModelChoiceField(queryset=None, label=_("Room"), empty_label=None)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms

    def clean(self):
        return check_times(self, super().clean())


class SplitForm(forms.Form):
    at = forms.TypedChoiceField(label=_("Change from this date onwards"), coerce=date.fromisoformat)
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    next_day = forms.BooleanField(label=_("It ends after midnight, the next day"), required=False)
    room = forms.ModelChoiceField(queryset=None, label=_("Room"), empty_label=None)
    free_only = forms.BooleanField(label=_("Skip dates that are not free"), required=False)

    def __init__(self, *args, rooms, dates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        from buurtkracht.bookings.services.describe import day_words

        self.fields["at"].choices = [(d.isoformat(), day_words(d)) for d in dates]

    def clean(self):
        return check_times(self, super().clean())


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(forms.Form):
    occurrences = forms.TypedMultipleChoiceField(
        label=_("Dates"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Leave all unticked to decide on every waiting date."),
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Needed when you decline."))  # fmt: skip
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        from buurtkracht.bookings.services.describe import moment_words

        self.fields["occurrences"].choices = [(o.pk, moment_words(o.start, o.end, o.house.time_zone)) for o in pending]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tell the renter why you decline."))
        return data


class FeedForm(forms.Form):
    scope = forms.ChoiceField(label=_("Calendar of"))
    name = forms.CharField(label=_("Name"), max_length=100, required=False, help_text=_("So you recognise it later."))
    show_details = forms.BooleanField(label=_("Show what each booking is for"), required=False,
                                      help_text=_("Without this the calendar only says “Booked”."))  # fmt: skip

    def __init__(self, *args, scopes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes


class TrustForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ImportForm(forms.Form):
    room = forms.ModelChoiceField(queryset=None, label=_("Room"), empty_label=None)
    file = forms.FileField(label=_("Calendar file (.ics)"))

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
