"""Who may use the import pages: the coordinators of the network (and platform admins). Everyone else who
can see the network gets 403; a network they cannot see at all answers 404; anonymous visitors log in."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from buurtkracht.lib.testing import CAST_ROLES, Row

IMPORTERS = {"coordinator"}
EVERYONE_BUT_ADMIN = set(CAST_ROLES) - {"admin", "anonymous"}


def _url(name: str, **kwargs):
    return lambda cast: reverse(f"imports:{name}", kwargs={"network_slug": cast.network_a.slug, **kwargs})


def _csv_upload(cast) -> dict:
    content = b"huis;postcode;zaal;capaciteit\r\nHet Anker;5341 AB;Zaal;10\r\n"
    return {"file": SimpleUploadedFile("huizen.csv", content, content_type="text/csv")}


def _result_url(cast) -> str:
    from buurtkracht.core.audit import log_action
    from buurtkracht.imports.services import IMPORTED

    entry = log_action(None, IMPORTED, cast.network_a, network_id=cast.network_a.pk,
                       data={"houses": 1, "rooms": 0, "skipped": 0, "house_ids": [cast.house_a.pk]})  # fmt: skip
    return reverse("imports:result", kwargs={"network_slug": cast.network_a.slug, "entry_id": entry.pk})


def _private_network_url(cast) -> str:
    from buurtkracht.networks.models import Network

    network, _ = Network.objects.get_or_create(
        slug="besloten-netwerk", defaults={"name": "Besloten netwerk", "kind": "umbrella", "is_public": False}
    )
    return reverse("imports:upload", kwargs={"network_slug": network.slug})


MATRIX = [
    Row("imports:upload", "get", _url("upload"), allowed=IMPORTERS),
    Row("imports:upload", "post", _url("upload"), allowed=IMPORTERS, payload=_csv_upload),
    Row("imports:preview", "get", _url("preview"), allowed=IMPORTERS),
    Row("imports:confirm", "post", _url("confirm"), allowed=IMPORTERS, payload=lambda cast: {"token": "x" * 24}),
    Row("imports:result", "get", _result_url, allowed=IMPORTERS),
    Row("imports:template", "get", _url("template", extension="xlsx"), allowed=IMPORTERS),
    Row("imports:template (csv)", "get", _url("template", extension="csv"), allowed=IMPORTERS),
    Row(
        "imports:upload (network not visible)", "get", _private_network_url, allowed=set(), not_found=EVERYONE_BUT_ADMIN
    ),  # fmt: skip
]

PUBLIC_ROUTES: set[str] = set()
