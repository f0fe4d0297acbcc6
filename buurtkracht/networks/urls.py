from django.urls import path

from buurtkracht.networks import views

app_name = "networks"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
]
