from django.urls import path

from buurtkracht.networks import views

app_name = "networks"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/beheer/", views.manage, name="manage"),
    path("<slug:slug>/beheer/wijzigen/", views.edit, name="edit"),
]
