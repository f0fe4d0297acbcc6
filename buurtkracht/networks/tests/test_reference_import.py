"""The reference data importer on a small real slice: what it loads, that a second run changes nothing,
and that a malformed file is refused with file, line and problem, and with nothing written."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from buurtkracht.networks.importers import ReferenceDataError, load_reference_data
from buurtkracht.networks.models import Area, AreaStatistics, ReferenceDataFile
from buurtkracht.networks.tests.reference_subset import append_to, replace_in, write_subset

pytestmark = pytest.mark.django_db

WIJKEN = "nl_kwb2022_wijken.csv"


@pytest.fixture
def data_dir(tmp_path):
    return write_subset(tmp_path / "data")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def counts():
    return Area.objects.count(), AreaStatistics.objects.count(), ReferenceDataFile.objects.count()


def errors_of(data_dir) -> list[str]:
    with pytest.raises(ReferenceDataError) as caught:
        load_reference_data(data_dir)
    return [str(error) for error in caught.value.errors]


def test_it_loads_municipalities_wijken_postcodes_and_deelgemeenten(data_dir):
    report = load_reference_data(data_dir)

    oss = Area.objects.get(country="NL", kind="municipality", code="GM0828")
    assert (oss.name, oss.province) == ("Oss", "Noord-Brabant")
    assert oss.latitude == pytest.approx(51.76, abs=0.1)
    ruwaard = Area.objects.get(kind="district", code="WK082806")
    assert (ruwaard.name, ruwaard.parent, ruwaard.province) == ("Ruwaard", oss, "Noord-Brabant")
    assert Area.objects.get(kind="postcode", code="5341", country="NL").parent == oss
    assert Area.objects.get(kind="postcode", code="5028").parent is None  # no municipality in the source
    heist = Area.objects.get(country="BE", kind="municipality", code="12014")
    assert (heist.province, heist.region) == ("Antwerpen", "Vlaams Gewest")
    assert Area.objects.get(country="BE", kind="postcode", code="2220").parent == heist
    assert set(heist.children.filter(kind="submunicipality").values_list("name", flat=True)) == {
        "Heist-op-den-Berg", "Hallaar", "Itegem", "Wiekevorst", "Booischot", "Schriek",
    }  # fmt: skip

    stats_2022 = ruwaard.statistics.get(year=2022)
    assert stats_2022.source == "CBS Kerncijfers wijken en buurten 2022"
    assert stats_2022.population == 13315
    assert stats_2022.attribution == "Bron: CBS"
    macharen = AreaStatistics.objects.get(area__code="WK082812", year=2022)
    assert (macharen.population, macharen.share_65_plus) == (750, Decimal("27.0"))
    stats_2024 = ruwaard.statistics.get(year=2024)
    assert (stats_2024.source, stats_2024.population) == ("CBS Kerncijfers wijken en buurten 2024", 13595)
    assert oss.statistics.get(year=2024).population == 94634

    by_file = {file.name: file for file in report.files}
    assert by_file["nl_gemeenten_2023_cbs.csv"].areas.created == 2
    assert by_file[WIJKEN].areas.created == 23
    # Weesp (GM0457) merged into Amsterdam: its wijk and its figures are skipped, not refused
    assert by_file[WIJKEN].skipped["discontinued"] == 1
    assert by_file["nl_kwb2022_gemeenten.csv"].skipped["discontinued"] == 1
    # Borsbeek merged in 2025: its deelgemeente is skipped and counted
    assert by_file["be_flanders_deelgemeenten_onroerenderfgoed.csv"].skipped["discontinued"] == 1
    assert not Area.objects.filter(code__startswith="WK0457").exists()


def test_a_second_run_changes_nothing_and_says_so(data_dir):
    load_reference_data(data_dir)
    before = counts()
    snapshot = list(Area.objects.order_by("pk").values())

    quick = load_reference_data(data_dir)
    assert quick.skipped_unchanged and not quick.changed

    forced = load_reference_data(data_dir, force=True)
    assert not forced.skipped_unchanged and not forced.changed
    assert all(file.areas.created == file.areas.updated == 0 for file in forced.files)
    assert sum(file.areas.unchanged for file in forced.files) == Area.objects.count()
    assert counts() == before
    assert list(Area.objects.order_by("pk").values()) == snapshot


def test_a_changed_file_updates_only_what_changed(data_dir):
    load_reference_data(data_dir)
    replace_in(data_dir, WIJKEN, "WK082806,Ruwaard", "WK082806,De Ruwaard")

    report = load_reference_data(data_dir)  # the checksum differs, so no --force needed

    wijken = next(file for file in report.files if file.name == WIJKEN)
    assert (wijken.areas.updated, wijken.areas.created) == (1, 0)
    assert wijken.areas.unchanged == 22
    assert Area.objects.get(code="WK082806").name == "De Ruwaard"


def test_it_loads_again_when_the_areas_were_removed(data_dir):
    load_reference_data(data_dir)
    AreaStatistics.objects.all().delete()
    Area.objects.filter(kind="postcode").delete()

    report = load_reference_data(data_dir)

    assert not report.skipped_unchanged
    assert Area.objects.filter(kind="postcode", code="5341").exists()
    assert AreaStatistics.objects.filter(area__code="WK082806").count() == 2


def test_it_refuses_a_file_without_a_required_column(data_dir):
    replace_in(data_dir, WIJKEN, "pop_65plus", "pop_65_plus")

    assert errors_of(data_dir) == [
        f"{WIJKEN}, line 1: the header lacks the column(s) “pop_65plus”.",
    ]
    assert counts() == (0, 0, 0)


def test_it_refuses_a_non_numeric_figure_and_imports_nothing_at_all(data_dir):
    line = replace_in(data_dir, WIJKEN, "Macharen,Noord-Brabant,51.80055,5.53906,5.11,not urbanised,750,", "Macharen,Noord-Brabant,51.80055,5.53906,5.11,not urbanised,seven hundred,")  # fmt: skip

    assert errors_of(data_dir) == [
        f"{WIJKEN}, line {line}: “seven hundred” in the column “population” is not a number.",
    ]
    # The municipalities file before it was clean, yet not one row of it was written
    assert counts() == (0, 0, 0)


def test_it_refuses_a_wijk_of_an_unknown_municipality(data_dir):
    line = append_to(data_dir, WIJKEN, "WK999901,Nergens,Noord-Brabant,51.7,5.5,1.0,not urbanised,10,,,,,,5,,,,,,")

    assert errors_of(data_dir) == [f"{WIJKEN}, line {line}: the municipality GM9999 is unknown."]
    assert counts() == (0, 0, 0)


def test_it_refuses_a_postcode_of_an_unknown_municipality(data_dir):
    line = replace_in(data_dir, "be_postcodes_refnis_2025.csv", "2221,12014", "2221,99999")

    assert errors_of(data_dir) == [f"be_postcodes_refnis_2025.csv, line {line}: the municipality 99999 is unknown."]


def test_it_lists_every_problem_of_every_file(data_dir):
    short = replace_in(data_dir, "nl_pc4_centroids.csv", "5341,51.76776,5.51979,", "5341,51.76776,")
    code = replace_in(data_dir, "nl_gemeenten_2023_cbs.csv", "GM1721", "G1721")
    percent = replace_in(data_dir, WIJKEN, "WK082812,Macharen", "WK082812,Macharen")
    replace_in(data_dir, WIJKEN, ",27.0,302,", ",270.0,302,")
    latitude = replace_in(
        data_dir, "nl_kwb2022_gemeenten.csv", "GM0828,Oss,Noord-Brabant,51.", "GM0828,Oss,Noord-Brabant,151."
    )

    errors = errors_of(data_dir)

    assert (
        f"nl_gemeenten_2023_cbs.csv, line {code}: “G1721” in the column “GemeentecodeGM” is not a valid code." in errors
    )
    assert any(e.startswith(f"nl_kwb2022_gemeenten.csv, line {latitude}: 151.") and "lat" in e for e in errors)
    assert f"{WIJKEN}, line {percent}: 270.0 in the column “pop_65plus” is outside the possible range." in errors
    assert f"nl_pc4_centroids.csv, line {short}: this line has 10 values where the header has 11 columns." in errors
    assert counts() == (0, 0, 0)


def test_a_duplicate_code_is_refused(data_dir):
    line = append_to(data_dir, "be_municipalities_2025_refnis.csv", "12014,Heist,Heist,,10000,Provincie Antwerpen,02000,Vlaams Gewest")  # fmt: skip

    assert errors_of(data_dir) == [
        f"be_municipalities_2025_refnis.csv, line {line}: the code 12014 appears more than once in this file."
    ]


def test_a_missing_or_non_utf8_file_is_refused(data_dir):
    (data_dir / "nl_pc4_centroids.csv").unlink()
    (data_dir / "be_postcodes_refnis_2025.csv").write_bytes(
        b"postcode,refnis,gemeente_nl,gemeente_fr\n2220,12014,M\xe9\xe9r,x\n"
    )

    errors = errors_of(data_dir)

    assert "nl_pc4_centroids.csv: the file is missing." in errors
    assert "be_postcodes_refnis_2025.csv: the file is not UTF-8 text." in errors


def test_a_refused_file_leaves_earlier_data_untouched(data_dir):
    load_reference_data(data_dir)
    snapshot = list(AreaStatistics.objects.order_by("pk").values())
    replace_in(data_dir, WIJKEN, "WK082806,Ruwaard", "WK082806,De Ruwaard")  # a valid change…
    replace_in(data_dir, "nl_kwb2024_gm_wk_basic.csv", "WK082812,wijk,GM0828", "WK082812,wijk,GM0829")  # …and a bad one

    errors = errors_of(data_dir)

    assert any("the wijk WK082812 does not lie in the municipality GM0829" in error for error in errors)
    assert Area.objects.get(code="WK082806").name == "Ruwaard"
    assert list(AreaStatistics.objects.order_by("pk").values()) == snapshot


def test_the_command_reports_per_file_and_fails_clearly(data_dir, capsys):
    call_command("load_reference_data", data_dir=data_dir)
    first = capsys.readouterr().out
    assert f"{WIJKEN}: areas: 23 created, 0 updated, 0 unchanged; statistics: 23 created" in first
    assert "1 row skipped because its municipality no longer exists" in first

    call_command("load_reference_data", data_dir=data_dir)
    assert f"{WIJKEN}: unchanged" in capsys.readouterr().out

    call_command("load_reference_data", data_dir=data_dir, force=True)
    assert f"{WIJKEN}: areas: 0 created, 0 updated, 23 unchanged" in capsys.readouterr().out

    replace_in(data_dir, WIJKEN, "WK082806,Ruwaard,Noord-Brabant,", "WK082806,Ruwaard,Noord-Brabant,x")
    with pytest.raises(CommandError) as caught:
        call_command("load_reference_data", data_dir=data_dir)
    assert "The reference data was not imported" in str(caught.value)
    assert f"{WIJKEN}, line " in str(caught.value)


def test_the_refusal_is_translated(data_dir):
    replace_in(data_dir, WIJKEN, "pop_65plus", "pop_65_plus")

    with translation.override("nl"), pytest.raises(ReferenceDataError) as caught:
        load_reference_data(data_dir)

    assert "regel 1" in str(caught.value)
    assert "niet geïmporteerd" in str(caught.value)
