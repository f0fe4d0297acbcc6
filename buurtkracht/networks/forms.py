import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.houses.models import Facility
from buurtkracht.networks.models import Area, Network

MAX_CAPACITY_FILTER = 100_000


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes in a grid: the ``checkbox-list`` class goes on the container only, not on every box."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "checkbox-list", **(attrs or {})}, choices=choices)

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"].pop("class", None)
        return option


class OverviewFilterForm(forms.Form):
    """The filters of the public overview: a GET form, so every filtered list has its own address."""

    area = forms.ChoiceField(label=gettext_lazy("Municipality or district"), required=False)
    facility = forms.MultipleChoiceField(
        label=gettext_lazy("Facilities"),
        required=False,
        widget=CheckboxList,
        help_text=gettext_lazy("Show only houses that have all the facilities you tick."),
    )
    min_capacity = forms.IntegerField(
        label=gettext_lazy("At least this many people in the largest room"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY_FILTER,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": gettext_lazy("Enter the number of people as a whole number, for example 40."),
            "min_value": gettext_lazy("Enter a number of people of 1 or more."),
            "max_value": gettext_lazy("Enter a number of people of at most %(limit_value)s."),
        },
    )

    def __init__(self, *args, areas: list[Area], facilities: list[Facility], **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = [(a.code, a.name) for a in areas if a.kind == Area.Kind.MUNICIPALITY]
        parts = [
            (a.code, f"{a.name} ({a.parent.name})" if a.parent_id else a.name)
            for a in areas
            if a.kind != Area.Kind.MUNICIPALITY
        ]
        choices: list = [("", _("All municipalities and districts"))]
        if municipalities:
            choices.append((_("Municipalities"), municipalities))
        if parts:
            choices.append((_("Districts and sub-municipalities"), parts))
        self.fields["area"].choices = choices
        self.fields["area"].error_messages["invalid_choice"] = _("Choose a municipality or district from the list.")
        self.fields["facility"].choices = [(f.code, f.name) for f in facilities]
        self.fields["facility"].error_messages["invalid_choice"] = _("Choose facilities from the list.")
        if not facilities:
            del self.fields["facility"]
        self.areas_by_code = {a.code: a for a in areas}

    def filters(self) -> dict:
        """The valid filters only: a wrong value in one field does not hide the houses."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {
            "area": self.areas_by_code.get(data.get("area") or ""),
            "facilities": list(data.get("facility") or []),  # codes
            "min_capacity": data.get("min_capacity"),
        }


class NetworkForm(forms.ModelForm):
    """The details a coordinator may change. Municipalities are typed one per line (names contain commas,
    such as "Nuenen, Gerwen en Nederwetten"), by name or by code."""

    municipalities = forms.CharField(
        label=gettext_lazy("Municipalities the network covers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One municipality per line, for example Oss or Heist-op-den-Berg. You may also type the code (GM0828, 12014)."
        ),
    )

    class Meta:
        model = Network
        fields = ["name", "description", "website", "email", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "name": {"required": gettext_lazy("Enter the name of the network.")},
            "email": {"invalid": gettext_lazy("Enter an e-mail address like info@example.org.")},
            "website": {"invalid": gettext_lazy("Enter a web address like https://www.example.org.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["municipalities"] = "\n".join(
                _line_for(area) for area in self.instance.areas.order_by("country", "name")
            )

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise forms.ValidationError(_("Enter the name of the network."))
        return name

    def clean_municipalities(self) -> list[Area]:
        lines = [line.strip() for line in (self.cleaned_data.get("municipalities") or "").splitlines()]
        found: list[Area] = []
        problems: list[str] = []
        for line in filter(None, lines):
            match = re.fullmatch(r"(?P<name>.*?)\s*\((?P<code>[A-Za-z0-9]+)\)", line)
            key = match.group("code") if match else line
            candidates = list(
                Area.objects.filter(kind=Area.Kind.MUNICIPALITY).filter(Q(code__iexact=key) | Q(name__iexact=key))[:3]
            )
            exact_code = [a for a in candidates if a.code.lower() == key.lower()]
            if exact_code:
                candidates = exact_code
            if not candidates:
                problems.append(_("We do not know a municipality called “%(name)s”.") % {"name": line})
            elif len(candidates) > 1:
                problems.append(
                    _(
                        "There is more than one municipality called “%(name)s”. Type its code instead, for example %(code)s."
                    )
                    % {"name": line, "code": candidates[0].code}
                )
            elif candidates[0] not in found:
                found.append(candidates[0])
        if problems:
            raise forms.ValidationError(problems)
        return found


def _line_for(area: Area) -> str:
    duplicate = Area.objects.filter(kind=Area.Kind.MUNICIPALITY, name__iexact=area.name).exclude(pk=area.pk).exists()
    return f"{area.name} ({area.code})" if duplicate else area.name
