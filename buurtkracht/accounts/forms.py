from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from buurtkracht.accounts.models import ApiToken, Membership, User


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("name").max_length,
        required=False,
        help_text=_("Others in your house, network or organisation see this name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the pages and of the e-mails we send you."),
        widget=forms.RadioSelect,
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("For example the name of the program that uses it."),
        error_messages={"required": _("Give the token a name, so you know later where you use it.")},
    )
    days = forms.TypedChoiceField(
        label=_("How long the token works"),
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("365 days"))],
        coerce=int,
        initial=90,
        widget=forms.RadioSelect,
        help_text=_("After this the token stops working; then make a new one."),
        error_messages={
            "required": _("Choose how long the token works."),
            "invalid_choice": _("Choose 30, 90 or 365 days."),
        },
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_("The program can read data with this token but cannot change anything."),
    )


class PasswordConfirmForm(forms.Form):
    """Asks for the password again before a privacy request (re-authentication)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct. Try again."))
        return password


class EraseForm(PasswordConfirmForm):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my roles will be gone for good."),
        error_messages={"required": _("Tick the box to confirm that you want to delete your account.")},
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the invitation to this address."),
        error_messages={
            "required": _("Enter the e-mail address of the person you want to invite."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a role."),
            "invalid_choice": _("You cannot give this role here. Choose one of the roles in the list."),
        },
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Membership.Role.choices)
        descriptions = ROLE_DESCRIPTIONS
        self.fields["role"].choices = [(r, f"{labels[r]} – {descriptions[r]}") for r in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]


R = Membership.Role
ROLE_DESCRIPTIONS = {
    R.HOUSE_MANAGER: _("manages the house, its rooms and its people"),
    R.HOUSE_VOLUNTEER: _("helps to run the house day to day"),
    R.NETWORK_COORDINATOR: _("supports all houses of the network and can change them"),
    R.MUNICIPALITY_OFFICER: _("reads the figures of the network, changes nothing"),
    R.REFERRER: _("refers people, for example for the leisure pass"),
    R.ORGANISATION_CONTACT: _("speaks for the organisation and keeps its details up to date"),
    R.PROVIDER: _("offers activities on behalf of the organisation"),
}
