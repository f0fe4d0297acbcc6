from django.urls import path

from buurtkracht.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("voorbeeld/", views.preview, name="preview"),
    path("bevestigen/", views.confirm, name="confirm"),
    path("resultaat/<int:entry_id>/", views.result, name="result"),
    path("sjabloon.<slug:extension>", views.template_download, name="template"),
]
