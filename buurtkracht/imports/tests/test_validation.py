"""Checking the rows: what the preview shows, and one clear Dutch sentence per problem."""

from decimal import Decimal

import pytest

from buurtkracht.houses.tests.factories import HouseFactory
from buurtkracht.imports.spreadsheet import read_spreadsheet
from buurtkracht.imports.tests.helpers import HEADER, csv_bytes, good_rows, row, xlsx_bytes
from buurtkracht.imports.validation import build_plan, file_problems
from buurtkracht.networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(geography):
    return NetworkFactory(name="Dorpshuizen Brabant", slug="brabant")


def plan_for(rows, network, header=None, *, fmt="csv"):
    data = xlsx_bytes(rows, header) if fmt == "xlsx" else csv_bytes(rows, header)
    return build_plan(read_spreadsheet(data), network=network)


def messages(plan):
    return [problem.message for problem in plan.errors]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_good_file_gives_a_clean_plan_with_places_and_rooms(network, geography, fmt):
    plan = plan_for(good_rows(), network, fmt=fmt)
    assert plan.errors == []
    assert [h.name for h in plan.houses] == ["De Haard", "De Bongerd", "Sint-Jozef"]
    haard, bongerd, jozef = plan.houses
    assert haard.postcode == "5344 AB"
    assert haard.municipality == geography.oss
    assert haard.district == geography.ruwaard
    assert haard.owner_type == "municipality"
    assert haard.website == "https://dehaard.example"
    assert haard.rows == [2, 3, 4]
    assert [(r.name, r.capacity, r.floor_area_m2, r.part_of) for r in haard.rooms] == [
        ("Grote zaal", 120, Decimal("150.0"), ""),
        ("Helft A", 60, Decimal("75.5"), "Grote zaal"),
        ("Helft B", 60, Decimal("75.0"), "Grote zaal"),
    ]
    assert haard.rooms[0].facilities == [geography.facilities.stage, geography.facilities.hearing_loop]
    assert haard.rooms[1].facilities == [geography.facilities.kitchen]
    assert bongerd.owner_type == "residents"
    assert bongerd.rows == [5, 6]
    assert bongerd.rooms[1].facilities == [geography.facilities.kitchen]  # English name accepted
    assert jozef.country == "BE"
    assert jozef.municipality == geography.heist
    assert plan.room_count == 6


def test_english_headers_are_accepted(network):
    english = ["house", "street", "postcode", "city", "country", "owner", "email", "phone", "website", "room",
               "capacity", "floor area", "facilities", "part of", "accessibility"]  # fmt: skip
    plan = plan_for(good_rows(), network, english)
    assert plan.errors == []
    assert plan.room_count == 6


def test_it_names_the_missing_required_columns(network):
    header = ["huis", "straat", "plaats", "zaal"]
    plan = plan_for([["De Haard", "Kerkstraat 1", "Oss", "Zaal"]], network, header)
    assert messages(plan) == [
        "Deze kolommen ontbreken: postcode, capaciteit. De eerste rij moet de namen van de kolommen bevatten; "
        "download het sjabloon voor een voorbeeld."
    ]
    assert plan.houses == []


def test_it_refuses_a_column_that_appears_twice_and_warns_about_unknown_ones(network):
    header = [*HEADER, "Capacity", "kleur"]
    plan = plan_for([[*good_rows()[0], "10", "rood"]], network, header)
    assert messages(plan) == ["De kolom Capacity staat er twee keer in: in kolom K en in kolom P. Houd er één over."]
    assert [w.message for w in plan.warnings] == ['Kolom Q ("kleur") kennen we niet, dus die laten we weg.']


def test_a_file_with_only_headers_has_no_houses(network):
    table = read_spreadsheet(csv_bytes([]))
    assert [p.message for p in file_problems(table, network=network)] == [
        "Het bestand bevat alleen de namen van de kolommen, geen huizen."
    ]


def test_it_reports_a_missing_house_name_on_the_first_row(network):
    plan = plan_for([row(postcode="5341", zaal="Zaal", capaciteit=10)], network)
    assert messages(plan) == ["Rij 2: de naam van het huis ontbreekt."]
    assert plan.errors[0].column == "huis"


def test_a_blank_name_with_another_postcode_is_a_missing_name_not_a_continuation(network):
    plan = plan_for(
        [row(huis="De Haard", postcode="5344", zaal="Zaal", capaciteit=10),
         row(postcode="5341", zaal="Kamer", capaciteit=5)],
        network,
    )  # fmt: skip
    assert messages(plan) == [
        "Rij 3: de naam van het huis ontbreekt. Laat die alleen leeg als de rij nog een zaal is van het huis erboven."
    ]


def test_it_reports_an_unknown_postcode(network):
    plan = plan_for([row(huis="Het Anker", postcode="9999 ZZ", zaal="Zaal", capaciteit=10)], network)
    assert messages(plan) == ["Rij 2: de postcode 9999 ZZ kennen we niet."]
    assert plan.errors[0].column == "postcode"


@pytest.mark.parametrize(
    ("postcode", "country", "expected"),
    [
        ("53", "NL", "Rij 2: '53' is geen Nederlandse postcode. Schrijf hem zoals 5341 AB."),
        ("5341 AB", "BE", "Rij 2: '5341 AB' is geen Belgische postcode. Een Belgische postcode heeft vier cijfers, "
                          "zoals 2220."),
        ("", "NL", "Rij 2: de postcode van Het Anker ontbreekt."),
    ],
)  # fmt: skip
def test_it_reports_a_malformed_or_missing_postcode(network, postcode, country, expected):
    plan = plan_for([row(huis="Het Anker", postcode=postcode, land=country, zaal="Zaal", capaciteit=10)], network)
    assert messages(plan) == [expected]


def test_it_reports_an_invalid_country(network):
    plan = plan_for([row(huis="Het Anker", postcode="5341", land="DE", zaal="Zaal", capaciteit=10)], network)
    assert messages(plan) == ["Rij 2: het land 'DE' kennen we niet. Vul NL of BE in."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("veel", "Rij 2: capaciteit 'veel' is geen getal."),
        ("12,5", "Rij 2: capaciteit '12,5' is geen heel getal."),
        ("0", "Rij 2: capaciteit moet minstens 1 zijn."),
        ("", "Rij 2: vul capaciteit in: hoeveel mensen er in de zaal passen."),
        ("1000000", "Rij 2: capaciteit 1000000 is meer dan 100000 personen."),
    ],
)
def test_it_reports_a_capacity_that_is_not_a_number(network, value, expected):
    plan = plan_for([row(huis="Het Anker", postcode="5341", zaal="Zaal", capaciteit=value)], network)
    assert messages(plan) == [expected]
    assert plan.errors[0].column == "capaciteit"


def test_it_uses_the_header_as_written_in_the_file_in_messages(network):
    header = [("Capacity" if name == "capaciteit" else name) for name in HEADER]
    plan = plan_for([row(huis="Het Anker", postcode="5341", zaal="Zaal", capaciteit="many")], network, header)
    assert messages(plan) == ["Rij 2: Capacity 'many' is geen getal."]


def test_it_reports_floor_area_problems(network):
    plan = plan_for(
        [row(huis="Het Anker", postcode="5341", zaal="Zaal", capaciteit=10, oppervlakte_m2="groot"),
         row(zaal="Kamer", capaciteit=5, oppervlakte_m2="-3"),
         row(zaal="Hal", capaciteit=5, oppervlakte_m2="1.250,5 m²")],
        network,
    )  # fmt: skip
    assert messages(plan) == [
        "Rij 2: oppervlakte_m2 'groot' is geen getal.",
        "Rij 3: oppervlakte_m2 moet meer dan 0 en hoogstens 999999,9 m² zijn.",
    ]
    assert plan.houses[0].rooms[2].floor_area_m2 == Decimal("1250.5")


def test_it_reports_an_unknown_facility(network):
    plan = plan_for(
        [row(huis="Het Anker", postcode="5341", zaal="Zaal", capaciteit=10, voorzieningen="Keuken, jacuzzi; bar")],
        network,
    )
    assert messages(plan) == [
        "Rij 2: de voorziening 'jacuzzi' kennen we niet. Gebruik een naam uit de lijst met voorzieningen."
    ]


def test_it_reports_parent_hall_problems(network):
    plan = plan_for(
        [row(huis="Het Anker", postcode="5341", zaal="Grote zaal", capaciteit=100),
         row(zaal="Helft A", capaciteit=50, deel_van="Grote zaal"),
         row(zaal="Kwart", capaciteit=25, deel_van="Helft A"),
         row(zaal="Serre", capaciteit=25, deel_van="Kleine zaal"),
         row(zaal="Kelder", capaciteit=25, deel_van="kelder")],
        network,
    )  # fmt: skip
    assert messages(plan) == [
        "Rij 4: 'Helft A' is zelf een deel van een zaal. Een deel kan niet verder verdeeld worden.",
        "Rij 5: bij deel_van staat 'Kleine zaal', maar het huis Het Anker heeft in dit bestand geen zaal met die naam.",
        "Rij 6: een zaal kan geen deel van zichzelf zijn.",
    ]


def test_a_hall_may_come_after_its_parts(network):
    plan = plan_for(
        [row(huis="Het Anker", postcode="5341", zaal="Helft A", capaciteit=50, deel_van="Grote zaal"),
         row(zaal="Grote zaal", capaciteit=100)],
        network,
    )  # fmt: skip
    assert plan.errors == []


def test_it_reports_a_duplicate_room_name_in_a_house(network):
    plan = plan_for(
        [row(huis="Het Anker", postcode="5341", zaal="Grote zaal", capaciteit=100),
         row(zaal="grote  Zaal", capaciteit=50),
         row(huis="De Haard", postcode="5344", zaal="Grote zaal", capaciteit=80)],
        network,
    )  # fmt: skip
    assert messages(plan) == [
        'Rij 3: het huis Het Anker heeft al een zaal met de naam "grote Zaal" (rij 2). '
        "Geef elke zaal van een huis een eigen naam."
    ]


def test_it_reports_a_missing_room_name_when_room_details_are_given(network):
    plan = plan_for([row(huis="Het Anker", postcode="5341", capaciteit=10)], network)
    assert messages(plan) == ["Rij 2: de naam van de zaal ontbreekt."]


def test_a_house_without_rooms_is_allowed(network):
    plan = plan_for([row(huis="Het Anker", postcode="5341")], network)
    assert plan.errors == []
    assert plan.houses[0].rooms == []


def test_repeated_house_details_must_agree(network):
    plan = plan_for(
        [row(huis="Het Anker", straat="Kerkstraat 1", postcode="5341 AB", land="NL", zaal="Zaal", capaciteit=10),
         row(huis="Het Anker", straat="kerkstraat  1", postcode="5341ab", land="Nederland", zaal="Kamer",
             capaciteit=5),
         row(huis="het anker", postcode="5344", zaal="Hal", capaciteit=5)],
        network,
    )  # fmt: skip
    assert messages(plan) == [
        'Rij 4: postcode "5344" verschilt van rij 2 van hetzelfde huis ("5341 AB"). '
        "Laat de cel leeg of maak hem gelijk."
    ]
    assert len(plan.houses) == 1


def test_it_checks_contact_details_owner_and_position(network):
    plan = plan_for(
        [row(huis="Het Anker", postcode="5341", eigenaar="de paus", e_mail="geen-mail", website="niet een site",
             zaal="Zaal", capaciteit=10)],
        network,
    )  # fmt: skip
    assert messages(plan) == [
        "Rij 2: de eigenaar 'de paus' kennen we niet. Vul gemeente, woningcorporatie, bewoners of anders in.",
        "Rij 2: 'geen-mail' is geen e-mailadres.",
        "Rij 2: 'niet een site' is geen webadres.",
    ]


def test_it_checks_latitude_and_longitude(network):
    header = [*HEADER, "latitude", "longitude"]
    rows = [
        [*row(huis="A", postcode="5341"), "51,76", "5.52"],
        [*row(huis="B", postcode="5341"), "5.52", "51.76"],
        [*row(huis="C", postcode="5341"), "51.76", ""],
        [*row(huis="D", postcode="5341"), "noord", "5.5"],
    ]
    plan = plan_for(rows, network, header)
    assert messages(plan) == [
        "Rij 3: de plek 5.52, 51.76 ligt niet in Nederland of België. Heb je latitude en longitude omgewisseld?",
        "Rij 4: vul zowel latitude als longitude in, of laat ze allebei leeg.",
        "Rij 5: latitude 'noord' is geen getal.",
    ]
    assert (plan.houses[0].latitude, plan.houses[0].longitude) == (51.76, 5.52)


def test_a_house_already_in_the_network_is_skipped_with_a_warning(network, geography):
    HouseFactory(name="De Haard", postcode="5344 AB", networks=[network])
    HouseFactory(name="De Bongerd", postcode="5342 XX", networks=[network])
    plan = plan_for(good_rows(), network)
    assert plan.errors == []
    assert [h.name for h in plan.skipped_houses] == ["De Haard"]
    assert [h.name for h in plan.new_houses] == ["De Bongerd", "Sint-Jozef"]
    assert [w.message for w in plan.warnings] == [
        "Rij 2: De Haard met postcode 5344 AB staat al in dit netwerk. We slaan dit huis en zijn zalen over; "
        "wijzigingen doe je op de pagina van het huis.",
        "Rij 5: dit netwerk heeft al een huis met de naam De Bongerd, met een andere postcode. We voegen een nieuw "
        "huis toe.",
    ]
    assert plan.room_count == 3


def test_a_house_in_another_network_is_not_a_duplicate(network, geography):
    HouseFactory(name="De Haard", postcode="5344 AB", networks=[NetworkFactory()])
    plan = plan_for(good_rows(), network)
    assert plan.warnings == []
    assert len(plan.new_houses) == 3


def test_it_warns_when_a_house_lies_outside_the_networks_municipalities(network, geography):
    network.areas.add(geography.heist)
    plan = plan_for([row(huis="Het Anker", postcode="5341", zaal="Zaal", capaciteit=10)], network)
    assert plan.errors == []
    assert [w.message for w in plan.warnings] == [
        "Rij 2: Het Anker ligt in de gemeente Oss, en die hoort niet bij de gemeenten van dit netwerk."
    ]


def test_errors_are_sorted_by_row_and_every_one_names_its_column(network):
    plan = plan_for(
        [row(huis="A", postcode="0000", zaal="Zaal", capaciteit="x"),
         row(zaal="Kamer", capaciteit=5, voorzieningen="sauna")],
        network,
    )  # fmt: skip
    assert [(p.row, p.column) for p in plan.errors] == [(2, "capaciteit"), (2, "postcode"), (3, "voorzieningen")]


def test_messages_follow_the_active_language(network):
    from django.utils import translation

    with translation.override("en"):
        plan = plan_for([row(huis="Het Anker", postcode="9999 ZZ", zaal="Zaal", capaciteit="lots")], network)
    assert messages(plan) == [
        'Row 2: capaciteit "lots" is not a number.',
        "Row 2: we do not know the postcode 9999 ZZ.",
    ]
