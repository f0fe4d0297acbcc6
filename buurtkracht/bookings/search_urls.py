"""Routes of the free-space search and the occupancy pages, added to the ``bookings`` namespace by
``bookings/urls.py`` (``urlpatterns += search_urlpatterns``)."""

from django.urls import path

from buurtkracht.bookings import search_views

urlpatterns = [
    path("zoeken/", search_views.search_page, name="search"),
    path("bezetting/<slug:house_slug>/", search_views.occupancy_page, name="occupancy"),
]
