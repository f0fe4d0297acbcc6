"""Forms of matching (the project renderer makes the fields accessible)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtkracht.houses.models import Facility
from buurtkracht.lib import ratelimit
from buurtkracht.matching import vocab
from buurtkracht.matching.models import DEFAULT_WEIGHTS


def _facility_choices():
    return [(f.code, f.name) for f in Facility.objects.order_by("sort_order", "name_nl")]


class NeedForm(forms.Form):
    activity = forms.CharField(label=_("What do you want to do?"), max_length=150)
    group_size = forms.CharField(label=_("How many people come?"), max_length=6)
    hours_per_week = forms.CharField(label=_("Hours per week"), max_length=6, help_text=_("For example 2 or 2.5."))
    weekdays = forms.MultipleChoiceField(label=_("Which days suit you?"), choices=vocab.WEEKDAYS, required=False,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip
    day_parts = forms.MultipleChoiceField(label=_("Which part of the day?"), choices=vocab.DAY_PARTS, required=False,
                                          widget=forms.CheckboxSelectMultiple)  # fmt: skip
    start_date = forms.DateField(label=_("When do you want to start?"), widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("The date of the first week you need the space."))  # fmt: skip
    weeks = forms.CharField(
        label=_("For how many weeks?"), max_length=3, help_text=_("For example 12 for three months.")
    )
    budget = forms.CharField(label=_("Budget for rent for the whole period (euro)"), max_length=12)
    max_distance_km = forms.CharField(label=_("At most how far away (km)?"), max_length=3, required=False,
                                      help_text=_("From your postcode. If you leave it empty, we look up to 15 km."))  # fmt: skip
    facilities = forms.MultipleChoiceField(label=_("Facilities you need"), required=False,
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    wished_facilities = forms.MultipleChoiceField(label=_("Facilities you would like"), required=False,
                                                  widget=forms.CheckboxSelectMultiple)  # fmt: skip
    step_free = forms.BooleanField(label=_("We need step-free access"), required=False)

    # A sentence per empty field (the same words as the service uses), never "This field is required." eleven
    # times in the error summary. Days and parts of the day are needed: at least one of each.
    REQUIRED = {
        "activity": _("Say what you want to do in the room."),
        "group_size": _("Fill in how many people come: a number from 1 to 1000."),
        "hours_per_week": _("Fill in the hours per week: a number from 0.5 to 40."),
        "weekdays": _("Choose at least one day of the week."),
        "day_parts": _("Choose at least one part of the day."),
        "start_date": _("Fill in the date you want to start."),
        "weeks": _("Fill in for how many weeks: a number from 1 to 52."),
        "budget": _("Fill in the budget as an amount in euros, like 250 or 250.50."),
        "name": _("Fill in the name of your initiative."),
        "goal": _("Tell in a few sentences what your initiative wants to achieve."),
        "area": _("Fill in the postcode or area code where you work."),
        "contact_name": _("Fill in the name of a contact person."),
        "email": _("Enter an e-mail address like naam@voorbeeld.nl."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _facility_choices()
        self.fields["facilities"].choices = choices
        self.fields["wished_facilities"].choices = choices
        self.fields["weekdays"].required = self.fields["day_parts"].required = True
        for name, message in self.REQUIRED.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        self.fields["start_date"].error_messages["invalid"] = _("Fill in a date like 1-12-2026.")

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

    # The page shows the form in numbered parts; the last part is optional and folded away (opened when it has
    # an answer or an error).
    SECTIONS = [
        ("about", _("About your initiative"), ("name", "goal", "area")),
        ("space", _("The space you need"), ("activity", "group_size", "weekdays", "day_parts", "hours_per_week",
                                            "start_date", "weeks", "budget", "step_free")),
        ("contact", _("How we can reach you"), ("contact_name", "email", "phone")),
    ]  # fmt: skip
    FOLDED = "facilities"  # a long list: folded inside part 2, open when something is ticked or wrong
    MORE = ("themes", "target_groups", "support", "wished_facilities", "max_distance_km", "weekly_digest")

    def sections(self) -> list[tuple[str, str, list]]:
        return [(key, title, [self[name] for name in names]) for key, title, names in self.SECTIONS]

    def more_fields(self) -> list:
        return [self[name] for name in self.MORE]

    def facilities_open(self) -> bool:
        return self.FOLDED in self.errors or bool(self.is_bound and self.data.get(self.FOLDED))

    def more_open(self) -> bool:
        """Show the optional part unfolded when one of its fields has an error or an answer."""
        if any(name in self.errors for name in self.MORE):
            return True
        return self.is_bound and any(self.data.get(name) for name in self.MORE if name != "max_distance_km")

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
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000,
                             help_text=_("Only needed when you decline. The other side reads it."),
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
    distance = forms.CharField(label=_("Distance"), max_length=5,
                               help_text=_("Close to where the initiative works."))  # fmt: skip
    capacity = forms.CharField(label=_("Size of the room"), max_length=5,
                               help_text=_("Not too small and not much too big for the group."))  # fmt: skip
    facilities = forms.CharField(label=_("Facilities"), max_length=5,
                                 help_text=_("The facilities the initiative would like."))  # fmt: skip
    free_time = forms.CharField(label=_("Free at the asked times"), max_length=5,
                                help_text=_("On how many of the asked days the room is free."))  # fmt: skip
    budget = forms.CharField(label=_("Price against budget"), max_length=5,
                             help_text=_("The rent fits the initiative's budget."))  # fmt: skip
    fit = forms.CharField(label=_("Themes and target groups"), max_length=5,
                          help_text=_("The house works on the same themes and for the same people."))  # fmt: skip

    def values(self) -> dict:
        return {name: self.cleaned_data[name].replace(",", ".") for name in DEFAULT_WEIGHTS}


class MailForm(forms.Form):
    weekly_digest = forms.BooleanField(label=_("Send me one e-mail per week instead of one per message"),
                                       required=False)  # fmt: skip


SIGNUP_SCOPE = "matching.signup"


def signup_limited(request) -> bool:
    """True when this address already sent ``MATCHING_SIGNUPS_PER_HOUR`` sign-ups this hour (page and API
    together); count a sign-up with ``ratelimit.count(SIGNUP_SCOPE, request)``."""
    return ratelimit.exceeded(SIGNUP_SCOPE, request, limit=settings.MATCHING_SIGNUPS_PER_HOUR)


def too_many_signups_message() -> str:
    return gettext(
        "Many sign-ups were sent from this internet connection in the last hour. Please try again in an hour. "
        "Or ask the coordinator of your network to sign you up."
    )
