from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.imports.spreadsheet import (
    SpreadsheetError,
    Table,
    max_upload_bytes,
    read_spreadsheet,
    too_large_message,
)

ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
EXTENSIONS = (".xlsx", ".csv")


class ImportUploadForm(forms.Form):
    """One spreadsheet. A valid form has read the file: ``content`` holds its bytes and ``table`` its rows."""

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": gettext_lazy("Choose a file with your houses and rooms."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    content: bytes = b""
    table: Table | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("An Excel file (.xlsx) or CSV file of at most %(size)s.") % {
            "size": filesizeformat(max_upload_bytes())
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(EXTENSIONS):
            if name.endswith((".xls", ".ods", ".numbers")):
                raise forms.ValidationError(
                    _("We read Excel workbooks (.xlsx) and CSV files. Save your file as .xlsx and upload it again.")
                )
            raise forms.ValidationError(_("Choose an Excel file (.xlsx) or a CSV file (.csv)."))
        if upload.size is None or upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large_message())
        chunks, total = [], 0
        for chunk in upload.chunks():
            total += len(chunk)
            if total > max_upload_bytes():
                raise forms.ValidationError(too_large_message())
            chunks.append(chunk)
        self.content = b"".join(chunks)
        try:
            self.table = read_spreadsheet(self.content)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from error
        return upload
