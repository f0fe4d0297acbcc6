"""Forms of matching (the project renderer makes the fields accessible)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtkracht.houses.models import Facility
from buurtkracht.matching import vocab
from buurtkracht.matching.models import DEFAULT_WEIGHTS


def _facility_choices():
    return [(f.code, f.name_nl) for f in Facility.objects.order_by("sort_order", "name_nl")]


class NeedForm(forms.Form):
    activity = forms.CharField(label=_("What do you want to do?"), max_length=150)
    group_size = forms.CharField(label=_("How many people come?"), max_length=6)
    hours_per_week = forms.CharField(label=_("Hours per week"), max_length=6, help_text=_("For example 2 or 2.5."))
    weekdays = forms.MultipleChoiceField(label=_("Which days suit you?"), choices=vocab.WEEKDAYS, required=False,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip
    day_parts = forms.MultipleChoiceField(label=_("Which part of the day?"), choices=vocab.DAY_PARTS, required=False,
                                          widget=forms.CheckboxSelectMultiple)  # fmt: skip
    start_date = forms.DateField(label=_("From when?"), widget=forms.DateInput(attrs={"type": "date"}))
    weeks = forms.CharField(label=_("For how many weeks?"), max_length=3)
    budget = forms.CharField(label=_("Budget for rent for the whole period (euro)"), max_length=12)
    max_distance_km = forms.CharField(label=_("At most how far away (km)?"), max_length=3, initial="15")
    facilities = forms.MultipleChoiceField(label=_("Facilities you need"), required=False,
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    wished_facilities = forms.MultipleChoiceField(label=_("Facilities you would like"), required=False,
                                                  widget=forms.CheckboxSelectMultiple)  # fmt: skip
    step_free = forms.BooleanField(label=_("We need step-free access"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _facility_choices()
        self.fields["facilities"].choices = choices
        self.fields["wished_facilities"].choices = choices

    def need_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in NeedForm.base_fields}


class SignupForm(NeedForm):
    name = forms.CharField(label=_("Name of your initiative"), max_length=150)
    goal = forms.CharField(label=_("What do you want to achieve?"), widget=forms.Textarea(attrs={"rows": 4}))
    themes = forms.MultipleChoiceField(label=_("Themes"), choices=vocab.THEMES, required=False,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    target_groups = forms.MultipleChoiceField(label=_("For whom?"), choices=vocab.TARGET_GROUPS, required=False,
                                              widget=forms.CheckboxSelectMultiple)  # fmt: skip
    area = forms.CharField(label=_("Postcode or area code where you work"), max_length=16,
                           help_text=_("For example 5341 AB."))  # fmt: skip
    support = forms.MultipleChoiceField(label=_("Other support you look for"), choices=vocab.SUPPORT, required=False,
                                        widget=forms.CheckboxSelectMultiple)  # fmt: skip
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    email = forms.CharField(label=_("E-mail address"), max_length=254)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    weekly_digest = forms.BooleanField(label=_("Send me one e-mail per week instead of one per message"),
                                       required=False)  # fmt: skip
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))  # fmt: skip

    field_order = ["name", "goal", "themes", "target_groups", "area", "support", "contact_name", "email", "phone",
                   "activity", "group_size", "hours_per_week", "weekdays", "day_parts", "start_date", "weeks",
                   "budget", "max_distance_km", "facilities", "wished_facilities", "step_free", "weekly_digest",
                   "website"]  # fmt: skip

    INITIATIVE = ("name", "goal", "themes", "target_groups", "support", "contact_name", "email", "phone",
                  "weekly_digest")  # fmt: skip

    def initiative_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.INITIATIVE}


class ProposeForm(forms.Form):
    room = forms.IntegerField(label=_("Room"), min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    weekday = forms.TypedChoiceField(label=_("Day"), choices=vocab.WEEKDAYS, coerce=int, widget=forms.HiddenInput)
    day_part = forms.ChoiceField(label=_("Day part"), choices=vocab.DAY_PARTS, widget=forms.HiddenInput)
    message = forms.CharField(label=_("Message"), required=False, max_length=1000)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accepted", _("Accept")), ("meeting", _("Meet first")), ("declined", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (needed when you decline)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class FollowUpForm(forms.Form):
    working = forms.TypedChoiceField(label=_("Is it working?"), choices=[("1", _("Yes")), ("0", _("No"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)  # fmt: skip
    note = forms.CharField(
        label=_("How is it going"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OfferForm(forms.Form):
    hidden = forms.BooleanField(label=_("Do not propose this house"), required=False)
    themes = forms.MultipleChoiceField(label=_("Themes that fit the house"), choices=vocab.THEMES, required=False,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    target_groups = forms.MultipleChoiceField(label=_("Target groups the house wants to reach"),
                                              choices=vocab.TARGET_GROUPS, required=False,
                                              widget=forms.CheckboxSelectMultiple)  # fmt: skip
    offers = forms.MultipleChoiceField(label=_("What the house offers beyond rooms"), choices=vocab.OFFERS,
                                       required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class WeightsForm(forms.Form):
    distance = forms.CharField(label=_("distance"), max_length=5)
    capacity = forms.CharField(label=_("size of the room"), max_length=5)
    facilities = forms.CharField(label=_("facilities"), max_length=5)
    free_time = forms.CharField(label=_("free time"), max_length=5)
    budget = forms.CharField(label=_("price against budget"), max_length=5)
    fit = forms.CharField(label=_("themes and target groups"), max_length=5)

    def values(self) -> dict:
        return {name: self.cleaned_data[name].replace(",", ".") for name in DEFAULT_WEIGHTS}


class MailForm(forms.Form):
    weekly_digest = forms.BooleanField(label=_("Send me one e-mail per week instead of one per message"),
                                       required=False)  # fmt: skip
