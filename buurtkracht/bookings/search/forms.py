"""The search page's GET form: every search has its own address, and works without JavaScript."""

from __future__ import annotations

from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.bookings.forms import DutchDateField, TimeInput
from buurtkracht.bookings.search.request import MAX_CAPACITY, MAX_WEEKS, WHEELCHAIR, SearchRequest, make_request
from buurtkracht.networks.forms import CheckboxList

RADIUS_CHOICES = [(2, "2 km"), (5, "5 km"), (10, "10 km"), (20, "20 km"), (50, "50 km"), (100, "100 km")]
WEEKDAY_CHOICES = [
    ("", gettext_lazy("The day of the first date")),
    (0, gettext_lazy("Monday")), (1, gettext_lazy("Tuesday")), (2, gettext_lazy("Wednesday")),
    (3, gettext_lazy("Thursday")), (4, gettext_lazy("Friday")), (5, gettext_lazy("Saturday")),
    (6, gettext_lazy("Sunday")),
]  # fmt: skip
DURATION_CHOICES = [
    ("", gettext_lazy("The whole time from start to end")),
    (30, gettext_lazy("half an hour")), (60, gettext_lazy("1 hour")), (90, gettext_lazy("1.5 hours")),
    (120, gettext_lazy("2 hours")), (150, gettext_lazy("2.5 hours")), (180, gettext_lazy("3 hours")),
    (240, gettext_lazy("4 hours")), (360, gettext_lazy("6 hours")),
]  # fmt: skip


class SearchForm(forms.Form):
    """Where, how many people, what is needed, and when (one date, or the same slot for several weeks)."""

    network = forms.ChoiceField(
        label=gettext_lazy("Network"), required=False,
        help_text=gettext_lazy("Search every house of a network, or leave this empty and give a postcode."),
    )  # fmt: skip
    postcode = forms.CharField(
        label=gettext_lazy("Near postcode"), required=False, max_length=10,
        help_text=gettext_lazy("For example: 5341 AB"),
    )  # fmt: skip
    country = forms.ChoiceField(
        label=gettext_lazy("Country of the postcode"), choices=[("NL", gettext_lazy("Netherlands")),
                                                                ("BE", gettext_lazy("Belgium"))],
        initial="NL", required=False,
    )  # fmt: skip
    radius_km = forms.TypedChoiceField(
        label=gettext_lazy("Within"), choices=RADIUS_CHOICES, coerce=int, initial=10, required=False
    )
    min_capacity = forms.IntegerField(
        label=gettext_lazy("Number of people"), min_value=1, max_value=MAX_CAPACITY, initial=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Fill in how many people come."),
            "invalid": gettext_lazy("Enter the number of people as a whole number, for example 20."),
            "min_value": gettext_lazy("Enter a number of people of 1 or more."),
            "max_value": gettext_lazy("Enter a number of people of at most %(limit_value)s."),
        },
    )  # fmt: skip
    facilities = forms.MultipleChoiceField(
        label=gettext_lazy("Needed in the room"), required=False, widget=CheckboxList,
        help_text=gettext_lazy("Only rooms that have everything you tick."),
    )  # fmt: skip
    accessible = forms.BooleanField(label=gettext_lazy("Wheelchair accessible"), required=False)
    first_date = DutchDateField(
        label=gettext_lazy("Date"), help_text=gettext_lazy("For example: 17-3-2026"),
        error_messages={"required": gettext_lazy("Fill in a date.")},
    )  # fmt: skip
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Day of the week"), choices=WEEKDAY_CHOICES, coerce=int, empty_value=None, required=False,
        help_text=gettext_lazy("Choose a day to start on the first such day from the date."),
    )  # fmt: skip
    start_time = forms.TimeField(
        label=gettext_lazy("From"), widget=TimeInput(),
        error_messages={"required": gettext_lazy("Fill in a start time."),
                        "invalid": gettext_lazy("Enter a time like 19:30.")},
    )  # fmt: skip
    end_time = forms.TimeField(
        label=gettext_lazy("Until"), widget=TimeInput(),
        error_messages={"required": gettext_lazy("Fill in an end time."),
                        "invalid": gettext_lazy("Enter a time like 21:30.")},
    )  # fmt: skip
    duration = forms.TypedChoiceField(
        label=gettext_lazy("How long"), choices=DURATION_CHOICES, coerce=int, empty_value=None, required=False,
        help_text=gettext_lazy("Shorter than from–until? Then we look for the best start time in between."),
    )  # fmt: skip
    weeks = forms.IntegerField(
        label=gettext_lazy("Number of weeks"), min_value=1, max_value=MAX_WEEKS, initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=gettext_lazy("1 is this date only; 12 is the same day and time for 12 weeks."),
        error_messages={
            "required": gettext_lazy("Fill in a number of weeks, 1 for one date."),
            "invalid": gettext_lazy("Enter the number of weeks as a whole number."),
            "min_value": gettext_lazy("Enter 1 week or more."),
            "max_value": gettext_lazy("Search at most %(limit_value)s weeks at once."),
        },
    )  # fmt: skip
    skip_public_holidays = forms.BooleanField(label=gettext_lazy("Public holidays are not an option"), required=False)
    skip_school_holidays = forms.BooleanField(label=gettext_lazy("School holidays are not an option"), required=False)

    def __init__(self, *args, networks, facilities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.networks = {n.slug: n for n in networks}
        self.fields["network"].choices = [("", _("No network: near a postcode"))] + [(n.slug, n.name) for n in networks]
        self.fields["network"].error_messages["invalid_choice"] = _("Choose a network from the list.")
        self.fields["facilities"].choices = [(f.code, f.name) for f in facilities if f.code != WHEELCHAIR]
        self.fields["facilities"].error_messages["invalid_choice"] = _("Choose facilities from the list.")
        self.fields["start_time"].initial = time(19, 0)
        self.fields["end_time"].initial = time(21, 0)
        self.request: SearchRequest | None = None

    def clean_postcode(self) -> str:
        return (self.cleaned_data.get("postcode") or "").strip()

    def clean(self):
        from buurtkracht.networks.geocoding import is_valid_postcode, locate

        data = super().clean()
        if self.errors:
            return data
        network = self.networks.get(data.get("network") or "")
        latitude = longitude = radius = None
        if data.get("postcode"):
            country = data.get("country") or "NL"
            location = locate(country, data["postcode"]) if is_valid_postcode(country, data["postcode"]) else None
            if location is None:
                self.add_error("postcode", _("We do not know this postcode. Check it, or choose a network."))
                return data
            if location.latitude is None:
                self.add_error("postcode", _("We cannot place this postcode on the map yet. Choose a network instead."))
                return data
            latitude, longitude, radius = location.latitude, location.longitude, data.get("radius_km") or 10
        elif network is None:
            self.add_error("postcode", _("Fill in a postcode or choose a network."))
            return data
        try:
            self.request = make_request(
                first_date=data["first_date"], weekday=data.get("weekday"), weeks=data["weeks"],
                start_time=data["start_time"], end_time=data["end_time"], duration_minutes=data.get("duration"),
                min_capacity=data["min_capacity"], facilities=data.get("facilities") or (),
                accessible=data.get("accessible", False), network_id=network.pk if network else None,
                latitude=latitude, longitude=longitude, radius_km=radius,
                skip_public_holidays=data.get("skip_public_holidays", False),
                skip_school_holidays=data.get("skip_school_holidays", False),
            )  # fmt: skip
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = {"duration_minutes": "duration", "until_date": "weeks", "place": "postcode"}.get(field, field)
                for message in messages:
                    self.add_error(target if target in self.fields else None, message)
        return data
