from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from buurtkracht.api import api

urlpatterns = [
    path("", include("buurtkracht.core.urls")),
    path("account/", include("allauth.urls")),
    path("mijn/", include("buurtkracht.accounts.urls")),
    path("netwerken/<slug:network_slug>/import/", include("buurtkracht.imports.urls")),
    path("netwerken/", include("buurtkracht.networks.urls")),
    path("huizen/", include("buurtkracht.houses.urls")),
    path("organisaties/", include("buurtkracht.organisations.urls")),
    path("reserveringen/", include("buurtkracht.bookings.urls")),
    path("facturen/", include("buurtkracht.billing.urls")),
    path("koppelen/", include("buurtkracht.matching.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "buurtkracht.core.views.page_not_found"
handler500 = "buurtkracht.core.views.server_error"
