"""Gemeente Oss: a dozen community centres, each placed in a real CBS wijk of Oss (GM0828).

Names, streets, opening hours and rooms are invented for the demo; wijken and postcodes are real.
Positions are explicit (close to the wijk centre) so the houses do not pile up on one postcode centroid.
"""

NETWORK = {
    "slug": "gemeente-oss",
    "name": "Gemeente Oss",
    "kind": "municipality",
    "areas": ["GM0828"],
    "description": (
        "De wijkcentra, buurthuizen en dorpshuizen van de gemeente Oss. Hier zie je welke ruimtes er zijn, "
        "wanneer ze open zijn en wie je kunt bellen.\n\nDit zijn demogegevens: de huizen liggen in echte wijken "
        "van Oss, maar namen, adressen en openingstijden zijn verzonnen."
    ),
    "email": "wijkcentra@demo.buurtkracht.nl",
}

WEEKDAYS_DAY_AND_EVENING = [(d, "09:00", "22:30") for d in range(5)] + [(5, "10:00", "17:00")]
VILLAGE_HOURS = [(0, "19:00", "23:00"), (1, "13:30", "17:00"), (1, "19:00", "23:00"), (2, "19:00", "23:00"),
                 (3, "09:00", "12:00"), (3, "19:00", "23:00"), (4, "19:00", "23:30"), (5, "14:00", "23:30"),
                 (6, "10:00", "18:00")]  # fmt: skip

HOUSES = [
    {
        "name": "Wij(k)huis de Haard",
        "wijk": "WK082806",
        "street": "Kortfoortstraat 2",
        "postcode": "5344 BA",
        "position": (51.7529, 5.5085),
        "owner_type": "municipality",
        "description": (
            "Wij(k)huis de Haard is de huiskamer van de Ruwaard. Bewoners, clubs en zorgorganisaties komen hier "
            "samen: voor koffie, een taalcafé, de eettafel op donderdag of een vergadering.\n\n"
            "De grote zaal kun je in twee helften huren. Vrijwilligers draaien de bar en de keuken."
        ),
        "accessibility": (
            "Ingang zonder drempel, automatische deur. Invalidentoilet op de begane grond. "
            "Ringleiding in de grote zaal. Invalidenparkeerplaats voor de deur."
        ),
        "email": "dehaard@demo.buurtkracht.nl",
        "rooms": [
            {
                "name": "Grote zaal",
                "capacity": 140,
                "floor_area_m2": 190,
                "setup_minutes": 30,
                "cleanup_minutes": 30,
                "facilities": ["stage", "sound_system", "beamer", "bar", "hearing_loop", "wheelchair_access"],
                "description": "Lichte zaal met podium. Een schuifwand deelt de zaal in twee helften.",
                "parts": [
                    {
                        "name": "Grote zaal – voorkant",
                        "capacity": 70,
                        "floor_area_m2": 95,
                        "facilities": ["stage", "sound_system", "hearing_loop", "wheelchair_access"],
                    },
                    {
                        "name": "Grote zaal – achterkant",
                        "capacity": 70,
                        "floor_area_m2": 95,
                        "facilities": ["bar", "beamer", "wheelchair_access"],
                    },
                ],
            },
            {
                "name": "Vergaderruimte",
                "capacity": 16,
                "floor_area_m2": 35,
                "facilities": ["beamer", "wifi", "coffee_tea"],
            },
            {
                "name": "Keuken",
                "capacity": 12,
                "floor_area_m2": 28,
                "facilities": ["kitchen", "coffee_tea"],
                "description": "Professionele keuken voor de eettafel en kookcursussen.",
            },
            {
                "name": "Huiskamer",
                "capacity": 25,
                "floor_area_m2": 45,
                "facilities": ["coffee_tea", "wifi", "wheelchair_access"],
                "is_bookable": False,
                "description": "De inloop: iedereen mag binnenlopen, je kunt deze ruimte niet huren.",
            },
        ],
        "hours": WEEKDAYS_DAY_AND_EVENING,
        "closures": [
            (35, 37, "Onderhoud van de vloer in de grote zaal", "Grote zaal"),
            ("summer", None, "Zomersluiting", None),
        ],
    },
    {
        "name": "de Bongerd",
        "wijk": "WK082812",
        "street": "Pastoor van Erpstraat 14",
        "postcode": "5367 AK",
        "position": (51.8011, 5.5392),
        "owner_type": "residents",
        "description": (
            "De Bongerd is het dorpshuis van Macharen. Het wordt gedragen door vrijwilligers van de stichting "
            "Dorpshuis Macharen. Hier repeteert de fanfare, kaart de seniorenclub en viert het dorp carnaval."
        ),
        "accessibility": "Ingang met een hellingbaan. Invalidentoilet aanwezig. Geen ringleiding.",
        "email": "debongerd@demo.buurtkracht.nl",
        "rooms": [
            {
                "name": "Zaal",
                "capacity": 90,
                "floor_area_m2": 120,
                "setup_minutes": 15,
                "cleanup_minutes": 30,
                "facilities": ["stage", "bar", "sound_system", "piano", "wheelchair_access"],
            },
            {
                "name": "Vergaderzaal",
                "capacity": 14,
                "floor_area_m2": 30,
                "facilities": ["coffee_tea", "wifi", "beamer"],
            },
            {"name": "Keuken", "capacity": 8, "floor_area_m2": 18, "facilities": ["kitchen"]},
        ],
        "hours": VILLAGE_HOURS,
        "closures": [(14, 14, "Dorpshuis gesloten voor de vrijwilligersdag", None)],
    },
    {
        "name": "Wijkcentrum De Schakel",
        "wijk": "WK082801",
        "street": "Kruisstraat 33",
        "postcode": "5348 BC",
        "position": (51.7712, 5.5370),
        "owner_type": "housing_corporation",
        "description": "Wijkcentrum in Schadewijk, in de plint van een woongebouw. Met een inloop voor ouderen.",
        "accessibility": "Alles op de begane grond, brede deuren.",
        "rooms": [
            {
                "name": "Ontmoetingsruimte",
                "capacity": 60,
                "floor_area_m2": 80,
                "facilities": ["coffee_tea", "bar", "wheelchair_access", "hearing_loop"],
            },
            {"name": "Spreekkamer", "capacity": 4, "floor_area_m2": 12, "facilities": ["wifi"]},
            {"name": "Creatieve ruimte", "capacity": 18, "floor_area_m2": 40, "facilities": ["kitchen", "wifi"]},
        ],
        "hours": WEEKDAYS_DAY_AND_EVENING,
    },
    {
        "name": "Buurthuis Ussen",
        "wijk": "WK082807",
        "street": "Ussenstraat 120",
        "postcode": "5345 AD",
        "position": (51.7682, 5.5021),
        "owner_type": "municipality",
        "description": "Buurthuis in de wijk Ussen met een sportzaal, een jongerenruimte en een moestuin.",
        "rooms": [
            {"name": "Sportzaal", "capacity": 60, "floor_area_m2": 240, "facilities": ["sports_floor", "sound_system"]},
            {"name": "Jongerenruimte", "capacity": 30, "floor_area_m2": 55, "facilities": ["sound_system", "wifi"]},
            {"name": "Vergaderruimte", "capacity": 12, "floor_area_m2": 25, "facilities": ["beamer", "coffee_tea"]},
        ],
        "hours": WEEKDAYS_DAY_AND_EVENING,
    },
    {
        "name": "Ontmoetingscentrum Krinkelhoek",
        "wijk": "WK082804",
        "street": "Vijverstraat 7",
        "postcode": "5346 GT",
        "position": (51.7770, 5.5175),
        "owner_type": "residents",
        "description": "Klein ontmoetingscentrum van de bewonersvereniging Krinkelhoek.",
        "rooms": [
            {
                "name": "Zaal",
                "capacity": 45,
                "floor_area_m2": 60,
                "facilities": ["bar", "coffee_tea", "wheelchair_access"],
            },
            {"name": "Keuken", "capacity": 10, "floor_area_m2": 20, "facilities": ["kitchen"]},
        ],
        "hours": [(d, "13:00", "22:00") for d in range(5)],
    },
    {
        "name": "Buurthuis Oss-Zuid",
        "wijk": "WK082803",
        "street": "Oijense Zij 4",
        "postcode": "5342 XL",
        "position": (51.7560, 5.5335),
        "owner_type": "municipality",
        "description": "Buurthuis met een grote zaal voor feesten en een repetitieruimte.",
        "rooms": [
            {
                "name": "Grote zaal",
                "capacity": 150,
                "floor_area_m2": 200,
                "facilities": ["stage", "sound_system", "bar", "wheelchair_access"],
            },
            {"name": "Repetitieruimte", "capacity": 25, "floor_area_m2": 50, "facilities": ["piano", "sound_system"]},
        ],
        "hours": WEEKDAYS_DAY_AND_EVENING,
    },
    {
        "name": "Gemeenschapshuis Berghem",
        "wijk": "WK082810",
        "street": "Kerkstraat 5",
        "postcode": "5351 CB",
        "position": (51.7690, 5.5745),
        "owner_type": "residents",
        "description": "Het gemeenschapshuis van Berghem, midden in het dorp naast de kerk.",
        "rooms": [
            {
                "name": "Grote zaal",
                "capacity": 200,
                "floor_area_m2": 260,
                "setup_minutes": 30,
                "cleanup_minutes": 45,
                "facilities": ["stage", "sound_system", "bar", "beamer", "hearing_loop", "wheelchair_access"],
                "parts": [
                    {"name": "Zaal A", "capacity": 100, "floor_area_m2": 130, "facilities": ["stage", "bar"]},
                    {"name": "Zaal B", "capacity": 100, "floor_area_m2": 130, "facilities": ["beamer"]},
                ],
            },
            {
                "name": "Vergaderruimte",
                "capacity": 20,
                "floor_area_m2": 40,
                "facilities": ["beamer", "wifi", "coffee_tea"],
            },
            {"name": "Keuken", "capacity": 10, "floor_area_m2": 24, "facilities": ["kitchen"]},
        ],
        "hours": VILLAGE_HOURS,
    },
    {
        "name": "Dorpshuis Megen",
        "wijk": "WK082813",
        "street": "Torenstraat 2",
        "postcode": "5366 BH",
        "position": (51.8180, 5.5640),
        "owner_type": "residents",
        "description": "Dorpshuis in het vestingstadje Megen aan de Maas.",
        "rooms": [
            {"name": "Zaal", "capacity": 80, "floor_area_m2": 100, "facilities": ["bar", "stage", "wheelchair_access"]},
            {"name": "Vergaderruimte", "capacity": 12, "floor_area_m2": 22, "facilities": ["coffee_tea"]},
        ],
        "hours": VILLAGE_HOURS,
    },
    {
        "name": "Dorpshuis Ravenstein",
        "wijk": "WK082814",
        "street": "Marktstraat 12",
        "postcode": "5371 AD",
        "position": (51.7960, 5.6490),
        "owner_type": "other",
        "description": "Dorpshuis in de oude stad Ravenstein, in een voormalig schoolgebouw.",
        "rooms": [
            {"name": "Aula", "capacity": 100, "floor_area_m2": 130, "facilities": ["stage", "bar", "sound_system"]},
            {"name": "Lokaal 1", "capacity": 24, "floor_area_m2": 50, "facilities": ["beamer", "wifi"]},
            {"name": "Lokaal 2", "capacity": 24, "floor_area_m2": 50, "facilities": ["wifi"]},
        ],
        "hours": VILLAGE_HOURS,
    },
    {
        "name": "Dorpshuis Herpen",
        "wijk": "WK082815",
        "street": "Hoogstraat 21",
        "postcode": "5373 AH",
        "position": (51.7675, 5.6250),
        "owner_type": "residents",
        "description": "Dorpshuis van Herpen met een biljartruimte en een zaal voor de toneelclub.",
        "rooms": [
            {"name": "Zaal", "capacity": 120, "floor_area_m2": 150, "facilities": ["stage", "bar", "sound_system"]},
            {"name": "Biljartruimte", "capacity": 16, "floor_area_m2": 45, "facilities": ["bar"]},
        ],
        "hours": VILLAGE_HOURS,
    },
    {
        "name": "Dorpshuis Lith",
        "wijk": "WK082818",
        "street": "Dorpsstraat 40",
        "postcode": "5397 AC",
        "position": (51.8000, 5.4250),
        "owner_type": "municipality",
        "description": "Dorpshuis van Lith, dicht bij de Maasdijk.",
        "rooms": [
            {
                "name": "Zaal",
                "capacity": 110,
                "floor_area_m2": 140,
                "facilities": ["stage", "bar", "wheelchair_access", "accessible_toilet"],
            },
            {"name": "Vergaderruimte", "capacity": 14, "floor_area_m2": 30, "facilities": ["beamer", "coffee_tea"]},
            {"name": "Keuken", "capacity": 8, "floor_area_m2": 18, "facilities": ["kitchen"]},
        ],
        "hours": VILLAGE_HOURS,
    },
    {
        "name": "MFC Geffen",
        "wijk": "WK082822",
        "street": "Kerkstraat 50",
        "postcode": "5386 AT",
        "position": (51.7455, 5.4660),
        "owner_type": "municipality",
        "description": "Multifunctioneel centrum met school, sporthal en dorpshuis onder één dak.",
        "rooms": [
            {
                "name": "Sporthal",
                "capacity": 120,
                "floor_area_m2": 600,
                "facilities": ["sports_floor", "sound_system"],
                "parts": [
                    {
                        "name": "Sporthal – zaaldeel 1",
                        "capacity": 40,
                        "floor_area_m2": 200,
                        "facilities": ["sports_floor"],
                    },
                    {
                        "name": "Sporthal – zaaldeel 2",
                        "capacity": 40,
                        "floor_area_m2": 200,
                        "facilities": ["sports_floor"],
                    },
                ],
            },
            {
                "name": "Foyer",
                "capacity": 80,
                "floor_area_m2": 110,
                "facilities": ["bar", "coffee_tea", "wheelchair_access"],
            },
            {"name": "Vergaderruimte", "capacity": 16, "floor_area_m2": 32, "facilities": ["beamer", "wifi"]},
        ],
        "hours": WEEKDAYS_DAY_AND_EVENING + [(6, "09:00", "13:00")],
    },
]

# name, kind, wijk (or ""), description, contacts [(name, function, e-mail, demo account key or None)]
ORGANISATIONS = [
    ("Bewonersinitiatief Samen Ruwaard", "resident_initiative", "WK082806",
     "Bewoners uit de Ruwaard die samen de buurtmaaltijd, de straatspeeldag en het taalcafé organiseren.",
     [("Ingrid van Dijk", "Secretaris", "contact@demo.buurtkracht.nl", "contact"),
      ("Mohamed Bakkali", "Penningmeester", "", None)]),
    ("Biljartclub De Keu", "club", "WK082815",
     "Biljartvereniging met ruim veertig leden. Wekelijkse clubavond op dinsdag.",
     [("Piet van der Heijden", "Voorzitter", "", None)]),
    ("Zorgcoöperatie Maasland", "care_welfare", "",
     "Dagbesteding en ontmoeting voor ouderen in de wijken van Oss.",
     [("Anja Hermans", "Coördinator dagbesteding", "", None)]),
    ("Team Welzijn gemeente Oss", "municipal_service", "",
     "Het team van de gemeente dat wijkcentra en bewonersinitiatieven ondersteunt.",
     [("Joost Verhoeven", "Beleidsmedewerker", "officer@demo.buurtkracht.nl", "officer")]),
    ("Yogastudio Balans", "commercial", "WK082801",
     "Yogalessen voor beginners en gevorderden. Huurt zalen in verschillende wijkcentra.",
     [("Sophie Smits", "Eigenaar", "", None)]),
    ("Stichting Dorpshuis Macharen", "foundation", "WK082812",
     "De stichting die dorpshuis de Bongerd beheert.",
     [("Henk Janssen", "Vrijwilliger", "volunteer@demo.buurtkracht.nl", "volunteer")]),
]  # fmt: skip
