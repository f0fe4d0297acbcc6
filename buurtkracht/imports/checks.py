"""System check: uploaded workbooks are only parsed with defusedxml active in openpyxl."""

from django.core.checks import Error, register


@register()
def defusedxml_active(app_configs, **kwargs):
    from openpyxl.xml import DEFUSEDXML

    if DEFUSEDXML:
        return []
    return [
        Error(
            "openpyxl does not use defusedxml, so uploaded .xlsx files would be parsed unsafely.",
            hint="Install defusedxml and do not set OPENPYXL_DEFUSEDXML=False.",
            id="imports.E001",
        )
    ]
