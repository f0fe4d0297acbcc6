from django.urls import path

from buurtkracht.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sessie/verlengen/", views.session_keepalive, name="session_keepalive"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
]
