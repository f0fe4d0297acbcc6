from django.urls import path

from buurtkracht.bookings.views import calendar, manage, request, series

app_name = "bookings"
urlpatterns = [
    path("huis/<slug:house_slug>/week/", calendar.house_week, name="house_week"),
    path("zaal/<int:room_id>/week/", calendar.room_week, name="room_week"),
    path("huis/<slug:house_slug>/aanvragen/", request.request_booking, name="request"),
    path("huis/<slug:house_slug>/vertrouwd/", manage.trust_list, name="trust"),
    path("huis/<slug:house_slug>/importeren/", manage.import_ics, name="import"),
    path("wacht-op-jou/", manage.approvals, name="approvals"),
    path("organisatie/<int:organisation_id>/", manage.organisation_bookings, name="organisation_bookings"),
    path("agendas/", manage.feed_list, name="feeds"),
    path("agendas/<int:feed_id>/uitzetten/", manage.feed_revoke, name="feed_revoke"),
    path("ical/<str:token>.ics", manage.ical_feed, name="ical_feed"),
    path("<int:pk>/", series.series_detail, name="series_detail"),
    path("<int:pk>/beslissen/", series.decide, name="decide"),
    path("<int:pk>/annuleren/", series.series_cancel, name="series_cancel"),
    path("<int:pk>/wijzigen-vanaf/", series.split, name="split"),
    path("<int:pk>/datum/<int:occurrence_id>/annuleren/", series.occurrence_cancel, name="occurrence_cancel"),
    path("<int:pk>/datum/<int:occurrence_id>/verplaatsen/", series.occurrence_move, name="occurrence_move"),
    path("<int:pk>/datum/<int:occurrence_id>/terugzetten/", series.occurrence_readd, name="occurrence_readd"),
]

from buurtkracht.bookings.search_urls import urlpatterns as search_urlpatterns  # noqa: E402

urlpatterns += search_urlpatterns
