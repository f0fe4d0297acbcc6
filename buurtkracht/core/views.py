from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtkracht.core import middleware
from buurtkracht.core.dashboard import dashboard_for
from buurtkracht.networks.models import Network


def home(request):
    networks = Network.objects.visible_to(request.user).prefetch_related("areas")
    return render(request, "core/home.html", {"networks": networks})


@login_required
def dashboard(request):
    return render(request, "core/dashboard.html", {"panels": dashboard_for(request.user)})


@never_cache
@require_POST
@login_required
def session_keepalive(request):
    """The idle warning's "Stay signed in" (WCAG 2.1 SC 2.2.1): restarts the idle clock of the session and
    answers 204. Writes nothing but the session; the CSRF middleware checks the token like for any POST."""
    request.session[middleware.LAST_SEEN] = int(middleware.time.time())
    return HttpResponse(status=204)


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)
