"""The pages: upload → preview → confirm → result, as a coordinator, and what happens with bad input."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from buurtkracht.accounts.models import Membership
from buurtkracht.core.models import LogEntry
from buurtkracht.houses.models import House, Room
from buurtkracht.imports import uploads
from buurtkracht.imports.spreadsheet import read_spreadsheet
from buurtkracht.imports.tests.helpers import HEADER, csv_bytes, good_rows, row, xlsx_bytes
from buurtkracht.imports.validation import build_plan
from buurtkracht.networks.tests.factories import NetworkFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def coordinator(cast, geography, login):
    return login(cast.coordinator)


def url(cast, name, **kwargs):
    return reverse(f"imports:{name}", kwargs={"network_slug": cast.network_a.slug, **kwargs})


def upload(client, cast, data, name="huizen.xlsx"):
    file = SimpleUploadedFile(name, data, content_type=XLSX if name.endswith("xlsx") else "text/csv")
    return client.post(url(cast, "upload"), {"file": file})


def stored_files():
    return sorted(path.name for path in uploads.upload_dir().iterdir())


def test_the_upload_page_explains_the_format_and_offers_templates(coordinator, cast):
    response = coordinator.get(url(cast, "upload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Huizen importeren in Netwerk A</h1>" in html
    assert url(cast, "template", extension="xlsx") in html
    assert url(cast, "template", extension="csv") in html
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">Bestand' in html
    assert "<code>capaciteit</code>" in html
    assert "Ringleiding" in html  # the facility list


def test_a_coordinator_imports_a_file_through_preview_and_confirmation(coordinator, cast, geography):
    response = upload(coordinator, cast, xlsx_bytes(good_rows()))
    assert response.status_code == 302
    assert response["Location"] == url(cast, "preview")
    assert House.objects.filter(networks=cast.network_a).count() == 1  # only Huis A: nothing imported yet

    response = coordinator.get(url(cast, "preview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbeeld van huizen.xlsx" in html
    assert "We voegen 3 huizen toe aan Netwerk A." in html
    assert "Samen hebben ze 6 zalen." in html
    assert "Oss, Ruwaard" in html
    assert "deel van Grote zaal" in html
    assert "<title>Voorbeeld van de import" in html
    assert "3 huizen importeren" in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert token == coordinator.session[uploads.session_key(cast.network_a)]
    assert token in "".join(stored_files())

    response = coordinator.post(url(cast, "confirm"), {"token": token})
    assert response.status_code == 302
    entry = LogEntry.objects.get(action="imports.houses.imported")
    assert response["Location"] == url(cast, "result", entry_id=entry.pk)
    assert entry.actor == cast.coordinator
    assert entry.network_id == cast.network_a.pk
    assert entry.data["houses"] == 3 and entry.data["rooms"] == 6 and entry.data["file"] == "huizen.xlsx"
    assert House.objects.filter(networks=cast.network_a).count() == 4
    assert Room.objects.filter(house__name="De Haard").count() == 3
    assert stored_files() == []  # the upload is gone after the import
    assert uploads.session_key(cast.network_a) not in coordinator.session

    response = coordinator.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "We hebben 3 huizen toegevoegd" in html
    assert "met in totaal 6 zalen." in html
    for name in ("De Haard", "De Bongerd", "Sint-Jozef"):
        assert name in html


def test_confirming_twice_imports_once(coordinator, cast):
    upload(coordinator, cast, csv_bytes(good_rows()), "huizen.csv")
    token = coordinator.session[uploads.session_key(cast.network_a)]
    assert coordinator.post(url(cast, "confirm"), {"token": token}).status_code == 302
    response = coordinator.post(url(cast, "confirm"), {"token": token}, follow=True)
    assert "ander bestand gekozen" in response.content.decode()
    assert House.objects.filter(name="De Haard").count() == 1
    assert LogEntry.objects.filter(action="imports.houses.imported").count() == 1


def test_a_claimed_upload_cannot_be_claimed_again(cast, geography):
    token = uploads.store_upload(b"data", user=cast.coordinator, network=cast.network_a, filename="a.csv")
    assert uploads.claim_upload(token, user=cast.coordinator, network=cast.network_a).data == b"data"
    assert uploads.claim_upload(token, user=cast.coordinator, network=cast.network_a) is None
    uploads.release_upload(token)
    assert uploads.load_upload(token, user=cast.coordinator, network=cast.network_a).data == b"data"


def test_an_upload_belongs_to_one_person_and_one_network(cast, geography):
    token = uploads.store_upload(b"data", user=cast.coordinator, network=cast.network_a, filename="../../etc/passwd")
    assert uploads.load_upload(token, user=cast.officer, network=cast.network_a) is None
    assert uploads.load_upload(token, user=cast.coordinator, network=cast.network_b) is None
    assert uploads.load_upload("../" + token[3:], user=cast.coordinator, network=cast.network_a) is None
    stored = uploads.load_upload(token, user=cast.coordinator, network=cast.network_a)
    assert stored.filename == "passwd"
    assert (uploads.upload_dir().stat().st_mode & 0o777) == 0o700


def test_an_old_upload_expires(coordinator, cast, monkeypatch):
    upload(coordinator, cast, csv_bytes(good_rows()), "huizen.csv")
    monkeypatch.setattr(uploads, "MAX_AGE_SECONDS", -1)
    response = coordinator.get(url(cast, "preview"))
    assert response.status_code == 302 and response["Location"] == url(cast, "upload")
    assert uploads.purge_expired() == 2
    assert stored_files() == []


def test_a_token_from_the_form_must_match_the_session(coordinator, cast, geography):
    upload(coordinator, cast, csv_bytes(good_rows()), "huizen.csv")
    other = uploads.store_upload(csv_bytes(good_rows()), user=cast.coordinator, network=cast.network_a, filename="b")
    response = coordinator.post(url(cast, "confirm"), {"token": other})
    assert response.status_code == 302 and response["Location"] == url(cast, "preview")
    assert House.objects.filter(name="De Haard").count() == 0


def test_a_file_with_errors_shows_them_all_and_cannot_be_confirmed(coordinator, cast):
    rows = [*good_rows(), row(huis="Het Anker", postcode="9999 ZZ", zaal="Zaal", capaciteit="veel")]
    upload(coordinator, cast, csv_bytes(rows), "huizen.csv")
    response = coordinator.get(url(cast, "preview"))
    html = response.content.decode()
    assert "<title>Fout: Voorbeeld van de import" in html
    assert 'id="foutoverzicht"' in html and "autofocus" in html
    assert "Het bestand heeft 2 fouten. Er is nog niets geïmporteerd." in html
    assert "Rij 8: capaciteit &#x27;veel&#x27; is geen getal." in html
    assert "Rij 8: de postcode 9999 ZZ kennen we niet." in html
    assert 'name="token"' not in html  # no confirm button
    assert 'id="opnieuw"' in html  # the form to upload a corrected file

    token = coordinator.session[uploads.session_key(cast.network_a)]
    response = coordinator.post(url(cast, "confirm"), {"token": token})
    assert response.status_code == 400
    assert "Rij 8: de postcode 9999 ZZ kennen we niet." in response.content.decode()
    assert House.objects.filter(networks=cast.network_a).count() == 1
    assert not LogEntry.objects.filter(action__in=["houses.house.created", "imports.houses.imported"]).exists()
    # the file stays available for another look
    assert coordinator.get(url(cast, "preview")).status_code == 200


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("huizen.txt", b"huis;postcode", "Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv)."),
        ("huizen.xls", b"\xd0\xcf\x11\xe0", "Sla je bestand op als .xlsx"),
        ("huizen.csv", b"", "Het bestand is leeg."),
        ("huizen.xlsx", b"PK\x03\x04broken", "Dit is geen geldig Excel-bestand (.xlsx)."),
        (
            "huizen.csv",
            csv_bytes([], header=["huis", "plaats"]),
            "Deze kolommen ontbreken: postcode, zaal, capaciteit.",
        ),
        ("huizen.csv", csv_bytes([]), "Het bestand bevat alleen de namen van de kolommen, geen huizen."),
    ],
)
def test_an_unreadable_file_is_refused_on_the_upload_page(coordinator, cast, name, data, message):
    response = upload(coordinator, cast, data, name)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Fout: " in html
    assert 'id="foutoverzicht"' in html and 'href="#id_file"' in html
    assert message in html
    assert stored_files() == []
    assert uploads.session_key(cast.network_a) not in coordinator.session


def test_a_missing_file_is_refused(coordinator, cast):
    response = coordinator.post(url(cast, "upload"), {})
    assert response.status_code == 400
    assert "Kies een bestand met je huizen en zalen." in response.content.decode()


def test_a_file_over_the_limit_is_refused(coordinator, cast, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = upload(coordinator, cast, csv_bytes(good_rows() * 10), "huizen.csv")
    assert response.status_code == 400
    assert "Het bestand is groter dan 1000" in response.content.decode()
    assert stored_files() == []


def test_a_zip_bomb_is_refused_on_the_upload_page(coordinator, cast):
    from buurtkracht.imports.tests.test_spreadsheet import _zip_with_declared_size

    response = upload(coordinator, cast, _zip_with_declared_size(3_000_000_000), "bom.xlsx")
    assert response.status_code == 400
    assert "we lezen hoogstens 50" in response.content.decode()


def test_an_existing_house_is_shown_as_skipped(coordinator, cast):
    upload(coordinator, cast, csv_bytes([row(huis="Huis A", postcode="5341 AA"), *good_rows()]), "huizen.csv")
    html = coordinator.get(url(cast, "preview")).content.decode()
    assert "Staat al in het netwerk: overslaan" in html
    assert "We slaan 1 huis over dat al in het netwerk staat." in html
    assert "3 huizen importeren" in html


def test_preview_and_confirm_without_an_upload_send_you_to_the_upload_page(coordinator, cast):
    response = coordinator.get(url(cast, "preview"))
    assert response.status_code == 302 and response["Location"] == url(cast, "upload")
    response = coordinator.post(url(cast, "confirm"), {"token": ""})
    assert response.status_code == 302


def test_the_result_of_another_network_is_not_found(coordinator, cast):
    from buurtkracht.core.audit import log_action

    entry = log_action(None, "imports.houses.imported", cast.network_b, network_id=cast.network_b.pk, data={})
    assert coordinator.get(url(cast, "result", entry_id=entry.pk)).status_code == 404
    other = log_action(None, "houses.house.created", cast.house_a, network_id=cast.network_a.pk)
    assert coordinator.get(url(cast, "result", entry_id=other.pk)).status_code == 404


def test_people_without_the_permission_are_refused_and_hidden_networks_are_not_found(cast, login):
    private = NetworkFactory(slug="besloten", is_public=False)
    Membership.objects.create(user=cast.coordinator, role=Membership.Role.NETWORK_COORDINATOR, network=private)
    client = login(cast.officer)
    assert client.get(url(cast, "upload")).status_code == 403
    assert client.post(url(cast, "upload"), {}).status_code == 403
    assert client.get(reverse("imports:upload", kwargs={"network_slug": "besloten"})).status_code == 404
    assert client.get(reverse("imports:upload", kwargs={"network_slug": "bestaat-niet"})).status_code == 404
    client = login(cast.coordinator)
    assert client.get(reverse("imports:upload", kwargs={"network_slug": "besloten"})).status_code == 200
    assert client.get(reverse("imports:upload", kwargs={"network_slug": cast.network_b.slug})).status_code == 403


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_downloads_and_imports_cleanly(coordinator, cast, geography, fmt):
    response = coordinator.get(url(cast, "template", extension=fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sjabloon-huizen.{fmt}"'
    if fmt == "csv":
        assert response.content.startswith(b"\xef\xbb\xbfhuis;straat;postcode;")
    plan = build_plan(read_spreadsheet(response.content), network=cast.network_a)
    assert plan.errors == []
    assert [h.name for h in plan.houses] == ["Wijkhuis De Haard (voorbeeld)", "Parochiezaal Sint-Jozef (voorbeeld)"]
    assert plan.room_count == 5
    assert [f.code for f in plan.houses[0].rooms[0].facilities] == ["stage", "sound_system", "hearing_loop",
                                                                    "kitchen", "bar"]  # fmt: skip


def test_the_xlsx_template_explains_columns_and_lists_facilities(coordinator, cast):
    import io

    from openpyxl import load_workbook

    response = coordinator.get(url(cast, "template", extension="xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Huizen en zalen", "Uitleg", "Voorzieningen"]
    assert [cell.value for cell in workbook["Huizen en zalen"][1]][: len(HEADER)] != []
    assert workbook["Uitleg"]["A2"].value == "huis" and workbook["Uitleg"]["B2"].value == "ja"
    codes = [row[2] for row in workbook["Voorzieningen"].iter_rows(min_row=2, values_only=True)]
    assert "hearing_loop" in codes


def test_the_template_uses_english_headers_in_english(coordinator, cast):
    coordinator.cookies["buurtkracht_language"] = "en"
    response = coordinator.get(url(cast, "template", extension="csv"))
    assert response.content.startswith(b"\xef\xbb\xbfhouse;street;postcode;city;country;owner;")
    assert response["Content-Disposition"] == 'attachment; filename="houses-template.csv"'


def test_an_unknown_template_format_is_not_found(coordinator, cast):
    assert coordinator.get(url(cast, "template", extension="ods")).status_code == 404


def test_a_file_with_only_existing_houses_offers_nothing_to_import(coordinator, cast):
    upload(
        coordinator,
        cast,
        csv_bytes([row(huis="Huis A", postcode="5341 AA", zaal="Grote zaal", capaciteit=30)]),
        "a.csv",
    )
    html = coordinator.get(url(cast, "preview")).content.decode()
    assert "Alle huizen in dit bestand staan al in het netwerk." in html
    assert 'name="token"' not in html
    token = coordinator.session[uploads.session_key(cast.network_a)]
    response = coordinator.post(url(cast, "confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == url(cast, "preview")
    assert not LogEntry.objects.filter(action="imports.houses.imported").exists()
