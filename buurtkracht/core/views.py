from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from buurtkracht.core.dashboard import dashboard_for
from buurtkracht.networks.models import Network


def home(request):
    networks = Network.objects.visible_to(request.user).prefetch_related("areas")
    return render(request, "core/home.html", {"networks": networks})


@login_required
def dashboard(request):
    return render(request, "core/dashboard.html", {"panels": dashboard_for(request.user)})


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)
