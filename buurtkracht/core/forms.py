"""Form rendering shared by every app: accessible fields (label, help, error with the ids Django puts in
``aria-describedby``), and an error summary at the top of the page (GOV.UK / NL Design System pattern)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
