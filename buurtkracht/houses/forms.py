"""Forms for the management pages. They validate input; saving always goes through ``houses.services``."""

from __future__ import annotations

import copy
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtkracht.accounts.permissions import has_perm
from buurtkracht.houses.models import Closure, Facility, House, OpeningHours, Room
from buurtkracht.houses.photos import prepare_photo
from buurtkracht.networks.models import Area, Network


class CheckboxList(forms.CheckboxSelectMultiple):
    template_name = "houses/widgets/checkbox_list.html"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show the errors a service raised next to the matching fields (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class Sections:
    """Lets a template render a form in titled groups: ``{% for title, fields in form.sections %}``."""

    section_fields: list[tuple[str, list[str]]] = []

    @property
    def sections(self):
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in self.section_fields]


class PhotoField(forms.FileField):
    """The house photo: checked and re-encoded by ``houses.photos.prepare_photo`` (no metadata, random name),
    so the form shows its plain message next to the field."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return prepare_photo(upload)


HOUSE_FIELDS = [
    "name", "description", "street", "postcode", "city", "country", "area", "latitude", "longitude",
    "email", "phone", "website", "accessibility", "photo", "owner_type", "holiday_region", "time_zone",
    "is_public",
]  # fmt: skip


def _website_field() -> forms.URLField:
    return forms.URLField(
        label=_("website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For example www.dehaard.nl"),
    )


class HouseForm(Sections, forms.ModelForm):
    """Edit the details of a house. The form works on a copy, so the service still sees what changed."""

    website = _website_field()
    photo = PhotoField(
        label=_("photo"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP photo. We remove the place where it was taken and the other details the camera "
            "stored in it."
        ),
    )

    section_fields = [
        (_("Name and description"), ["name", "description", "photo"]),
        (_("Address and position"), ["street", "postcode", "city", "country", "area", "latitude", "longitude"]),
        (_("Contact"), ["email", "phone", "website"]),
        (_("Accessibility of the building"), ["accessibility"]),
        (_("Other details"), ["owner_type", "holiday_region", "time_zone", "is_public"]),
    ]

    class Meta:
        model = House
        fields = HOUSE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
        }
        help_texts = {
            "description": _("Tell in a few sentences what happens in the house and who is welcome."),
            "postcode": _("We use the postcode to find the district and the position on the map."),
            "accessibility": _(
                "For example: entrance without steps, lift to the first floor, hearing loop in the hall."
            ),
            "is_public": _("Show this house on the public pages of Buurtkracht."),
            "holiday_region": _("Used to show school holidays in the booking calendar."),
        }

    def __init__(self, *args, house: House | None = None, **kwargs):
        if house is not None:
            kwargs["instance"] = copy.deepcopy(house)
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = gettext("Enter the name of the house.")
        instance = self.instance
        area = self.fields["area"]
        area.label = _("District")
        if instance.municipality_id:
            area.queryset = Area.objects.filter(
                parent_id=instance.municipality_id, kind__in=[Area.Kind.DISTRICT, Area.Kind.SUBMUNICIPALITY]
            ).order_by("name")
            area.help_text = _("We estimate the district from the postcode. Choose another one if it is wrong.")
        else:
            area.queryset = Area.objects.none()
            area.help_text = _("We find the district from the postcode once the house has one.")
        area.empty_label = _("Not known")
        for name in ("latitude", "longitude"):
            self.fields[name].widget = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})
            self.fields[name].help_text = _("Leave empty to estimate the position from the postcode.")
        self.fields["latitude"].min_value = -90
        self.fields["latitude"].max_value = 90
        self.fields["longitude"].min_value = -180
        self.fields["longitude"].max_value = 180

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Enter the name of the house."))
        return name

    def changes(self) -> dict:
        """The changed fields, ready for ``services.update_house``."""
        changes = {name: self.cleaned_data[name] for name in self.changed_data}
        if changes.get("photo") is False:  # "clear" ticked
            changes["photo"] = ""
        return changes


class HouseCreateForm(Sections, forms.ModelForm):
    """A new house in one of the networks where the person may create houses."""

    network = forms.ModelChoiceField(queryset=Network.objects.none(), label=_("Network"))
    website = _website_field()

    section_fields = [
        (_("Network"), ["network"]),
        (_("Name and description"), ["name", "description"]),
        (_("Address"), ["street", "postcode", "city", "country"]),
        (_("Contact"), ["email", "phone", "website"]),
        (_("Other details"), ["owner_type", "is_public"]),
    ]

    class Meta:
        model = House
        fields = [
            "name", "description", "street", "postcode", "city", "country", "email", "phone", "website",
            "owner_type", "is_public",
        ]  # fmt: skip
        widgets = HouseForm.Meta.widgets
        help_texts = HouseForm.Meta.help_texts

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].empty_label = None if len(networks) == 1 else _("Choose a network")
        self.fields["network"].help_text = _("The house becomes part of this network.")
        self.fields["network"].error_messages.update(
            required=gettext("Choose the network the house joins."),
            invalid_choice=gettext("Choose one of the networks in the list."),
        )
        self.fields["name"].error_messages["required"] = gettext("Enter the name of the house.")

    clean_name = HouseForm.clean_name

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data.pop("name")
        return data


def networks_for_creating(user):
    """Networks in which ``user`` may add a house."""
    networks = Network.objects.visible_to(user).order_by("name")
    return Network.objects.filter(pk__in=[n.pk for n in networks if has_perm(user, "houses.house:create", n)])


FACILITY_KINDS = [
    (Facility.Kind.ACCESSIBILITY, "facilities_accessibility"),
    (Facility.Kind.EQUIPMENT, "facilities_equipment"),
    (Facility.Kind.CATERING, "facilities_catering"),
    (Facility.Kind.SPACE, "facilities_space"),
]


class RoomForm(Sections, forms.ModelForm):
    """Add or edit a room. Facilities come as one checkbox group per kind."""

    facilities_accessibility = forms.ModelMultipleChoiceField(
        queryset=Facility.objects.none(), required=False, widget=CheckboxList, label=_("Accessibility")
    )
    facilities_equipment = forms.ModelMultipleChoiceField(
        queryset=Facility.objects.none(), required=False, widget=CheckboxList, label=_("Equipment")
    )
    facilities_catering = forms.ModelMultipleChoiceField(
        queryset=Facility.objects.none(), required=False, widget=CheckboxList, label=_("Kitchen and bar")
    )
    facilities_space = forms.ModelMultipleChoiceField(
        queryset=Facility.objects.none(), required=False, widget=CheckboxList, label=_("Space")
    )

    section_fields = [
        (_("Room"), ["name", "capacity", "floor_area_m2", "parent", "description"]),
        (_("Facilities"), [name for _kind, name in FACILITY_KINDS]),
        (_("Accessibility"), ["accessibility_notes"]),
        (_("Bookings"), ["is_bookable", "setup_minutes", "cleanup_minutes", "sort_order"]),
    ]

    class Meta:
        model = Room
        fields = [
            "name", "capacity", "floor_area_m2", "parent", "description", "accessibility_notes", "is_bookable",
            "setup_minutes", "cleanup_minutes", "sort_order",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "capacity": _("The largest number of people allowed in the room."),
            "accessibility_notes": _("For example: two steps at the door, hearing loop covers the front rows."),
            "setup_minutes": _("Time kept free before each booking to set up the room."),
            "cleanup_minutes": _("Time kept free after each booking to tidy up."),
            "sort_order": _("Rooms with a lower number come first."),
        }

    def __init__(self, *args, house: House, **kwargs):
        room = kwargs.get("instance")
        if room is not None:
            kwargs["instance"] = copy.deepcopy(room)
        else:
            kwargs["instance"] = Room(house=house)
        super().__init__(*args, **kwargs)
        self.house = house
        parents = house.rooms.filter(parent__isnull=True).order_by("sort_order", "name")
        if room is not None and room.pk:
            parents = parents.exclude(pk=room.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label = _("Part of a divisible hall")
        self.fields["parent"].empty_label = _("No, this is a room on its own")
        self.fields["parent"].help_text = _(
            "Is this room one half of a hall that can be divided? Choose the whole hall here."
        )
        self.fields["name"].error_messages["required"] = gettext("Enter the name of the room.")
        self.fields["capacity"].error_messages.update(
            required=gettext("Enter how many people fit in the room."),
            invalid=gettext("Enter the number of people as a whole number, like 40."),
            min_value=gettext("Enter at least 1 person."),
        )
        self.fields["capacity"].validators.append(MinValueValidator(1, gettext("Enter at least 1 person.")))
        self.fields["capacity"].widget.attrs.update({"min": 1, "inputmode": "numeric"})
        self.fields["floor_area_m2"].validators.append(
            MinValueValidator(Decimal("0.1"), gettext("Enter a floor area larger than 0, like 60."))
        )
        self.fields["floor_area_m2"].widget.attrs.update({"min": "0.1", "inputmode": "decimal"})
        chosen = list(room.facilities.values_list("pk", "kind")) if room is not None and room.pk else []
        for kind, name in FACILITY_KINDS:
            self.fields[name].queryset = Facility.objects.filter(kind=kind)
            if chosen and not self.is_bound:
                self.initial[name] = [pk for pk, facility_kind in chosen if facility_kind == kind]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Enter the name of the room."))
        others = self.house.rooms.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(gettext("This house already has a room called %(name)s.") % {"name": name})
        return name

    def facilities(self) -> list[Facility]:
        chosen: list[Facility] = []
        for _kind, name in FACILITY_KINDS:
            chosen.extend(self.cleaned_data.get(name) or [])
        return chosen

    def values(self) -> dict:
        """Everything the room services need, facilities included."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["facilities"] = self.facilities()
        return data


class OpeningHoursForm(forms.Form):
    """Opening hours of the house: for each weekday up to two periods (for a break at lunchtime)."""

    PERIODS = 2

    def __init__(self, *args, house: House | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for day in OpeningHours.Weekday:
            name = str(day.label)
            for n in range(1, self.PERIODS + 1):
                for kind in ("opens", "closes"):
                    self.fields[f"{kind}_{day.value}_{n}"] = forms.TimeField(
                        required=False,
                        widget=TimeInput,
                        label=self._label(kind, n),
                        error_messages={
                            "invalid": gettext("Enter the time on %(day)s like 09:00.") % {"day": name},
                        },
                    )
        if house is not None and not self.is_bound:
            counts: dict[int, int] = {}
            for period in house.opening_hours.filter(room__isnull=True).order_by("weekday", "opens"):
                n = counts.get(period.weekday, 0) + 1
                counts[period.weekday] = n
                if n <= self.PERIODS:
                    self.initial[f"opens_{period.weekday}_{n}"] = period.opens
                    self.initial[f"closes_{period.weekday}_{n}"] = period.closes

    @staticmethod
    def _label(kind: str, n: int) -> str:
        if n == 1:
            return gettext("Opens") if kind == "opens" else gettext("Closes")
        return gettext("Opens again") if kind == "opens" else gettext("Closes again")

    def days(self):
        """``[(weekday, name, [bound fields])]`` for the template."""
        rows = []
        for day in OpeningHours.Weekday:
            names = [f"{kind}_{day.value}_{n}" for n in range(1, self.PERIODS + 1) for kind in ("opens", "closes")]
            rows.append((day.value, day.label, [self[name] for name in names]))
        return rows

    def clean(self):
        cleaned = super().clean()
        periods = []
        for day in OpeningHours.Weekday:
            name = str(day.label)
            previous_close = None
            for n in range(1, self.PERIODS + 1):
                opens_key, closes_key = f"opens_{day.value}_{n}", f"closes_{day.value}_{n}"
                if opens_key in self.errors or closes_key in self.errors:
                    continue
                opens, closes = cleaned.get(opens_key), cleaned.get(closes_key)
                if opens is None and closes is None:
                    continue
                if opens is None:
                    self.add_error(opens_key, gettext("Enter when the house opens on %(day)s.") % {"day": name})
                    continue
                if closes is None:
                    self.add_error(closes_key, gettext("Enter when the house closes on %(day)s.") % {"day": name})
                    continue
                if closes <= opens:
                    self.add_error(
                        closes_key,
                        gettext("On %(day)s the closing time must be after the opening time.") % {"day": name},
                    )
                    continue
                if previous_close is not None and opens < previous_close:
                    self.add_error(
                        opens_key,
                        gettext("On %(day)s the second period starts before the first one ends.") % {"day": name},
                    )
                    continue
                previous_close = closes
                periods.append((day.value, opens, closes))
        self.periods = periods
        return cleaned


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["start_date", "end_date", "room", "reason"]
        widgets = {"start_date": DateInput, "end_date": DateInput}
        labels = {"start_date": _("First day"), "end_date": _("Last day")}
        help_texts = {
            "start_date": _("For example 24-12-2026."),
            "end_date": _("The house is closed up to and including this day."),
            "reason": _("For example: Christmas holidays, painting the hall."),
        }

    def __init__(self, *args, house: House, **kwargs):
        kwargs.setdefault("instance", Closure(house=house))
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = house.rooms.order_by("sort_order", "name")
        self.fields["room"].label = _("Room")
        self.fields["room"].empty_label = _("The whole house")
        self.fields["room"].required = False
        for name in ("start_date", "end_date"):
            self.fields[name].error_messages["invalid"] = gettext("Enter a date like 24-12-2026.")
        self.fields["start_date"].error_messages["required"] = gettext("Enter the first day of the closure.")
        self.fields["end_date"].error_messages["required"] = gettext("Enter the last day of the closure.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("The last day cannot be before the first day."))
        return cleaned

    def _post_clean(self):
        # The model's own check (end after start) is already covered by clean() with a plain message.
        if "end_date" in self.errors:
            return
        super()._post_clean()
