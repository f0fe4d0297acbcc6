from django.urls import path

from buurtkracht.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nieuw/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/contactpersonen/", views.contacts, name="contacts"),
    path("<int:pk>/contactpersonen/<int:contact_pk>/bewerken/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/contactpersonen/<int:contact_pk>/verwijderen/", views.contact_delete, name="contact_delete"),
]
