from django import forms
from django.utils.translation import gettext_lazy as _

from buurtkracht.organisations.models import Contact, Organisation

TEXT_FIELDS = ["description", "email", "phone", "website", "street", "postcode", "city", "registration_number"]


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=Organisation._meta.get_field("name").max_length,
        error_messages={"required": _("Enter the name of the organisation.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of organisation this is.")},
    )
    renter_category = forms.ChoiceField(
        label=_("Renter category"),
        required=False,
        help_text=_(
            "Decides which tariff the organisation pays. Leave it empty to use the usual category for its kind."
        ),
    )
    description = forms.CharField(label=_("What the organisation does"), required=False, widget=forms.Textarea)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like info@example.org.")},
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address that starts with https://.")},
    )
    street = forms.CharField(label=_("Street and number"), max_length=150, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("Place"), max_length=100, required=False)
    registration_number = forms.CharField(
        label=_("Chamber of commerce or enterprise number"), max_length=20, required=False
    )

    def __init__(self, *args, networks=None, may_set_category=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["renter_category"].choices = [("", _("Usual category for its kind"))] + list(
            Organisation.RenterCategory.choices
        )
        if networks is not None:
            self.fields = {
                "network": forms.ModelChoiceField(
                    label=_("Network"),
                    queryset=networks,
                    empty_label=None if networks.count() == 1 else "—",
                    error_messages={
                        "required": _("Choose the network the organisation belongs to."),
                        "invalid_choice": _("You cannot add organisations to this network. Choose one from the list."),
                    },
                ),
                **self.fields,
            }
        if not may_set_category:
            del self.fields["renter_category"]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    network = forms.ModelChoiceField(label=_("Network"), required=False, queryset=None, empty_label=_("All networks"))

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + list(Organisation.Kind.choices)
        self.fields["network"].queryset = networks


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=Contact._meta.get_field("name").max_length,
        error_messages={"required": _("Enter the name of the contact.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    function = forms.CharField(label=_("Function or task"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.org.")},
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    is_primary = forms.BooleanField(label=_("Main contact"), required=False)
