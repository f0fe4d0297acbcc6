from django.shortcuts import get_object_or_404, render

from buurtkracht.networks.models import Network


def overview(request, slug: str):
    network = get_object_or_404(Network.objects.visible_to(request.user), slug=slug)
    houses = network.houses.visible_to(request.user).select_related("area")
    return render(request, "networks/overview.html", {"network": network, "houses": houses})
