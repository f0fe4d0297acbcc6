"""manage.py import_houses: the same preview and errors as the page, exit status 1 on errors."""

import pytest
from django.core.management import CommandError, call_command

from buurtkracht.core.models import LogEntry
from buurtkracht.houses.models import House
from buurtkracht.imports.tests.helpers import csv_bytes, good_rows, row, xlsx_bytes
from buurtkracht.networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(geography):
    return NetworkFactory(name="Dorpshuizen Brabant", slug="brabant")


def run(*args):
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("import_houses", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_it_imports_a_clean_file_and_records_the_actor(tmp_path, network, django_user_model):
    actor = django_user_model.objects.create_user("coco@example.org", "x" * 16)
    out, err = run("brabant", write(tmp_path, "huizen.xlsx", xlsx_bytes(good_rows())), "--actor", "COCO@example.org")
    assert err == ""
    assert "Rij 2: De Haard, Kerkstraat 1, 5344 AB Oss (Oss, Ruwaard) – nieuw" in out
    assert "    - Helft A: 60 personen; 75.5 m²; deel van Grote zaal; Keuken" in out
    assert "Toe te voegen: 3 huizen met 6 zalen; over te slaan: 0." in out
    assert "3 huizen met 6 zalen geïmporteerd in Dorpshuizen Brabant; 0 overgeslagen." in out
    assert House.objects.filter(networks=network).count() == 3
    entry = LogEntry.objects.get(action="imports.houses.imported")
    assert (entry.actor, entry.network_id, entry.data["file"]) == (actor, network.pk, "huizen.xlsx")


def test_a_dry_run_imports_nothing(tmp_path, network):
    out, _ = run("brabant", write(tmp_path, "huizen.csv", csv_bytes(good_rows())), "--dry-run")
    assert "Proefrun: er is niets geïmporteerd." in out
    assert House.objects.count() == 0


def test_errors_are_printed_and_exit_with_status_1(tmp_path, network):
    rows = [*good_rows(), row(huis="Het Anker", postcode="9999 ZZ", zaal="Zaal", capaciteit="veel")]
    path = write(tmp_path, "huizen.csv", csv_bytes(rows))
    import io

    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_houses", "brabant", path, stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 1
    assert str(caught.value) == "Het bestand heeft 2 fouten. Er is niets geïmporteerd."
    assert "Rij 8: capaciteit 'veel' is geen getal." in err.getvalue()
    assert "Rij 8: de postcode 9999 ZZ kennen we niet." in err.getvalue()
    assert House.objects.count() == 0


def test_the_exit_status_is_1_from_the_command_line(tmp_path, network):
    from django.core.management import ManagementUtility

    path = write(tmp_path, "huizen.csv", csv_bytes([row(huis="", postcode="5341", zaal="Zaal", capaciteit=1)]))
    with pytest.raises(SystemExit) as caught:
        ManagementUtility(["manage.py", "import_houses", "brabant", path]).execute()
    assert caught.value.code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bestaat-niet", "x.csv"], "Er is geen netwerk met de korte naam bestaat-niet."),
        (["brabant", "/nonexistent/x.csv"], "Kan /nonexistent/x.csv niet lezen"),
        (["brabant", "x.csv", "--actor", "niemand@example.org"], "Er is geen actieve persoon"),
    ],
)
def test_bad_arguments_give_a_clear_message(network, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_an_unreadable_file_gives_a_clear_message(tmp_path, network):
    with pytest.raises(CommandError, match="Het bestand is leeg."):
        run("brabant", write(tmp_path, "leeg.csv", b""))
