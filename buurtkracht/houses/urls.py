from django.urls import path

from buurtkracht.houses import views

app_name = "houses"
urlpatterns = [
    path("nieuw/", views.create, name="create"),
    path("<slug:slug>/", views.public_detail, name="public_detail"),
    path("<slug:slug>/beheer/", views.manage, name="manage"),
    path("<slug:slug>/beheer/gegevens/", views.edit, name="edit"),
    path("<slug:slug>/beheer/zalen/nieuw/", views.room_create, name="room_create"),
    path("<slug:slug>/beheer/zalen/<int:room_id>/", views.room_edit, name="room_edit"),
    path("<slug:slug>/beheer/zalen/<int:room_id>/verwijderen/", views.room_delete, name="room_delete"),
    path("<slug:slug>/beheer/openingstijden/", views.opening_hours, name="opening_hours"),
    path("<slug:slug>/beheer/sluitingen/", views.closures, name="closures"),
    path("<slug:slug>/beheer/sluitingen/<int:closure_id>/verwijderen/", views.closure_remove, name="closure_remove"),
    path("<slug:slug>/beheer/geschiedenis/", views.history, name="history"),
]
