"""Forms of the billing pages. They only parse input; the services validate and save."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkracht.billing.categories import Category
from buurtkracht.billing.models import HouseBillingProfile, OrganisationBillingProfile, RateCard, Surcharge
from buurtkracht.billing.services.profiles import HOUSE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def apply_service_errors(form: forms.BaseForm, exc) -> None:
    """Show the errors a service raised next to the matching fields (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class HouseProfileForm(forms.ModelForm):
    class Meta:
        model = HouseBillingProfile
        fields = sorted(HOUSE_FIELDS)
        localized_fields = ["cancellation_percent"]

    field_order = [
        "legal_name", "street", "postcode", "city", "country", "registration_number", "oin", "vat_id",
        "tax_registration_id", "iban", "bic", "email", "phone", "number_prefix", "numbering", "numbering_network",
        "invoice_period", "season_start_month", "payment_days", "reminder_days", "cancellation_free_days",
        "cancellation_percent", "accent_colour", "footer",
    ]  # fmt: skip

    def __init__(self, *args, house, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["numbering_network"].queryset = house.networks.order_by("name")
        self.fields["accent_colour"].widget = forms.TextInput(attrs={"type": "color"})
        self.order_fields(self.field_order)

    def _post_clean(self) -> None:  # the service validates the model
        pass


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = OrganisationBillingProfile
        fields = [
            "legal_name", "street", "postcode", "city", "country", "invoice_email", "company_id_scheme", "company_id",
            "vat_id", "buyer_reference", "e_invoice",
        ]  # fmt: skip

    def _post_clean(self) -> None:
        pass


class RateCardForm(forms.ModelForm):
    class Meta:
        model = RateCard
        fields = [
            "name", "room", "hire", "valid_from", "valid_until", "unit", "hour_price", "use_price", "morning_price",
            "afternoon_price", "evening_price", "morning_starts", "afternoon_starts", "evening_starts",
            "grace_minutes", "rounding_minutes", "clock_hours", "minimum_charge", "day_cap", "vat_category",
            "vat_rate", "vat_exemption_code", "vat_exemption_reason", "integral_yearly_costs",
            "net_lettable_area_m2", "open_hours_per_year", "occupancy_target_percent",
        ]  # fmt: skip
        localized_fields = "__all__"
        widgets = {
            "valid_from": DATE, "valid_until": DATE, "morning_starts": TIME, "afternoon_starts": TIME,
            "evening_starts": TIME,
        }  # fmt: skip

    def __init__(self, *args, house, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = house.rooms.order_by("sort_order", "name")
        self.fields["room"].empty_label = _("every room of the house")
        for name in ("hour_price", "use_price", "morning_price", "afternoon_price", "evening_price", "day_cap"):
            self.fields[name].min_value = None  # negative prices get the service's message

    def _post_clean(self) -> None:
        pass


class CategoryRatesForm(forms.Form):
    """One row of fields per renter category."""

    def __init__(self, *args, labels: dict, rates: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for value, _default in Category.choices:
            rate = rates.get(value)
            label = labels.get(value, value)
            fields = {
                f"{value}__discount_percent": forms.DecimalField(
                    label=_("%(category)s: discount (%%)") % {"category": label}, required=False, localize=True,
                    initial=rate.discount_percent if rate else 0,
                ),
                f"{value}__own_price": forms.DecimalField(
                    label=_("%(category)s: own price per unit") % {"category": label}, required=False,
                    localize=True, initial=rate.own_price if rate else None,
                ),
                f"{value}__free_hours_per_year": forms.DecimalField(
                    label=_("%(category)s: free hours per year") % {"category": label}, required=False,
                    localize=True, initial=rate.free_hours_per_year if rate else 0,
                ),
                f"{value}__deposit": forms.DecimalField(
                    label=_("%(category)s: deposit") % {"category": label}, required=False, localize=True,
                    initial=rate.deposit if rate else 0,
                ),
            }  # fmt: skip
            self.fields.update(fields)
            self.rows.append((label, [self[name] for name in fields]))

    def per_category(self) -> dict[str, dict]:
        result: dict[str, dict] = {}
        for name, value in self.cleaned_data.items():
            category, field = name.split("__")
            result.setdefault(category, {})[field] = value
        return result


class TierForm(forms.Form):
    more_than = forms.IntegerField(label=_("More than this many uses per season"), min_value=None)
    discount_percent = forms.DecimalField(label=_("Lower price (%)"), localize=True)


class SurchargeForm(forms.ModelForm):
    class Meta:
        model = Surcharge
        fields = ["code", "name", "unit", "price", "always", "discounted", "vat_category", "vat_rate",
                  "vat_exemption_code", "vat_exemption_reason"]  # fmt: skip
        localized_fields = "__all__"

    def _post_clean(self) -> None:
        pass


class NewVersionForm(forms.Form):
    valid_from = forms.DateField(label=_("New prices apply from"), widget=DATE)


def _last_month() -> tuple[date, date]:
    first = timezone.localdate().replace(day=1)
    end = first - timedelta(days=1)
    return end.replace(day=1), end


class InvoiceRunForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("Up to and including"), widget=DATE)
    issue = forms.BooleanField(
        label=_("Send the invoices at once (otherwise they stay drafts you can check first)"), required=False,
        initial=True,
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        start, end = _last_month()
        self.fields["period_start"].initial, self.fields["period_end"].initial = start, end


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), localize=True, decimal_places=2, max_digits=12)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=timezone.localdate)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class CreditNoteForm(forms.Form):
    reason = forms.CharField(label=_("Why do you credit this invoice?"), max_length=500, required=False)
    lines = forms.MultipleChoiceField(
        label=_("Lines to credit (none ticked: every line)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    issue = forms.BooleanField(label=_("Send the credit note at once"), required=False, initial=True)

    def __init__(self, *args, lines=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [(str(line.pk), str(line)) for line in lines]


class QuoteForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=None, empty_label=_("choose a room"))
    first_date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("Until"), widget=TIME)
    weeks = forms.IntegerField(
        label=_("Number of weeks"), min_value=1, max_value=60, initial=1,
        help_text=_("1 for a single date; more for the same time every week."),
    )  # fmt: skip
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False,
                                          empty_label=_("none: a private person"))  # fmt: skip
    extras = forms.MultipleChoiceField(label=_("Extras"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, house, organisations, extras, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = house.rooms.filter(is_bookable=True).order_by("sort_order", "name")
        self.fields["organisation"].queryset = organisations
        self.fields["extras"].choices = extras

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] == data["start_time"]:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data


class CategoryLabelsForm(forms.Form):
    def __init__(self, *args, labels: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for value, default in Category.choices:
            self.fields[value] = forms.CharField(
                label=str(default).capitalize(),
                max_length=80,
                required=False,
                initial=labels.get(value, ""),
                help_text=_("Leave empty for the standard name."),
            )


class SeriesTermsForm(forms.Form):
    extras = forms.MultipleChoiceField(label=_("Extras"), required=False, widget=forms.CheckboxSelectMultiple)
    category_override = forms.ChoiceField(label=_("Renter category for this booking"), required=False)
    override_reason = forms.CharField(label=_("Reason for the other category"), max_length=200, required=False)
    buyer_reference = forms.CharField(label=_("Reference of the renter"), max_length=100, required=False)

    def __init__(self, *args, extras, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["extras"].choices = extras
        self.fields["category_override"].choices = [("", _("the organisation's own category"))] + list(Category.choices)


class DepositForm(forms.Form):
    action = forms.ChoiceField(choices=[("receive", _("Received")), ("settle", _("Settle"))], widget=forms.HiddenInput)
    retained = forms.DecimalField(label=_("Keep (damage)"), localize=True, required=False, initial=0)
    reason = forms.CharField(label=_("Reason for keeping"), max_length=300, required=False)
