"""Heist-op-den-Berg (REFNIS 12014): a local leisure network with a centre in each deelgemeente.

Belgian postcodes have no coordinates in the reference data, so every house has explicit coordinates
(near the centre of its deelgemeente). Names and streets are invented; deelgemeenten and postcodes are real.
"""

NETWORK = {
    "slug": "vrije-tijd-heist-op-den-berg",
    "name": "Vrijetijdsnetwerk Heist-op-den-Berg",
    "kind": "leisure",
    "areas": ["12014"],
    "description": (
        "Het lokale netwerk vrije tijd van Heist-op-den-Berg: gemeenschapscentra, parochiezalen en "
        "jeugdlokalen in alle deelgemeenten. Met de vrijetijdspas doen inwoners met een laag inkomen "
        "mee tegen een kleine prijs.\n\nDit zijn demogegevens: namen en adressen zijn verzonnen."
    ),
    "email": "vrijetijd@demo.buurtkracht.nl",
}

BE_HOURS = [(d, "09:00", "22:00") for d in range(5)] + [(5, "09:00", "23:00"), (6, "09:00", "12:30")]

HOUSES = [
    {
        "name": "Gemeenschapscentrum Heist-Centrum",
        "submunicipality": "12014A",
        "street": "Bergstraat 3",
        "postcode": "2220",
        "city": "Heist-op-den-Berg",
        "position": (51.0757, 4.7276),
        "owner_type": "municipality",
        "description": "Het grootste gemeenschapscentrum van de gemeente, met een theaterzaal en leslokalen.",
        "accessibility": "Lift naar alle verdiepingen. Ringleiding in de theaterzaal.",
        "rooms": [
            {"name": "Theaterzaal", "capacity": 250, "floor_area_m2": 320,
             "facilities": ["stage", "sound_system", "beamer", "hearing_loop", "wheelchair_access"]},
            {"name": "Polyvalente zaal", "capacity": 120, "floor_area_m2": 160, "facilities": ["bar", "sound_system"],
             "parts": [
                 {"name": "Polyvalente zaal – links", "capacity": 60, "floor_area_m2": 80, "facilities": ["bar"]},
                 {"name": "Polyvalente zaal – rechts", "capacity": 60, "floor_area_m2": 80, "facilities": []},
             ]},
            {"name": "Leslokaal", "capacity": 24, "floor_area_m2": 45, "facilities": ["beamer", "wifi"]},
        ],
        "hours": BE_HOURS,
    },
    {
        "name": "Parochiezaal Hallaar",
        "submunicipality": "12014B",
        "street": "Hallaar-Dorp 12",
        "postcode": "2220",
        "city": "Hallaar",
        "position": (51.0640, 4.6960),
        "owner_type": "other",
        "description": "Parochiezaal in het centrum van Hallaar, verhuurd door de vzw Parochiewerken.",
        "rooms": [
            {"name": "Zaal", "capacity": 100, "floor_area_m2": 130, "facilities": ["bar", "kitchen"]},
        ],
        "hours": BE_HOURS,
    },
    {
        "name": "Ontmoetingscentrum Itegem",
        "submunicipality": "12014C",
        "street": "Itegemse Steenweg 8",
        "postcode": "2222",
        "city": "Itegem",
        "position": (51.1010, 4.7250),
        "owner_type": "municipality",
        "description": "Ontmoetingscentrum met een zaal voor feesten en een lokaal voor de jeugdbeweging.",
        "rooms": [
            {"name": "Feestzaal", "capacity": 150, "floor_area_m2": 190, "facilities": ["bar", "stage", "kitchen"]},
            {"name": "Jeugdlokaal", "capacity": 35, "floor_area_m2": 60, "facilities": ["sound_system"]},
        ],
        "hours": BE_HOURS,
    },
    {
        "name": "Gemeenschapszaal Wiekevorst",
        "submunicipality": "12014D",
        "street": "Wiekevorst-Dorp 20",
        "postcode": "2222",
        "city": "Wiekevorst",
        "position": (51.1080, 4.8090),
        "owner_type": "residents",
        "description": "Zaal van de dorpsraad van Wiekevorst, gerund door vrijwilligers.",
        "rooms": [
            {"name": "Zaal", "capacity": 90, "floor_area_m2": 110, "facilities": ["bar", "wheelchair_access"]},
            {"name": "Vergaderlokaal", "capacity": 12, "floor_area_m2": 25, "facilities": ["coffee_tea"]},
        ],
        "hours": BE_HOURS,
    },
    {
        "name": "Gemeenschapscentrum Booischot",
        "submunicipality": "12014E",
        "street": "Dorpsstraat 31",
        "postcode": "2221",
        "city": "Booischot",
        "position": (51.0440, 4.7750),
        "owner_type": "municipality",
        "description": "Gemeenschapscentrum met sportzaal, naast de basisschool.",
        "rooms": [
            {"name": "Sportzaal", "capacity": 80, "floor_area_m2": 400, "facilities": ["sports_floor"]},
            {"name": "Cafetaria", "capacity": 60, "floor_area_m2": 70, "facilities": ["bar", "coffee_tea"]},
        ],
        "hours": BE_HOURS,
    },
    {
        "name": "Parochiecentrum Schriek",
        "submunicipality": "12014F",
        "street": "Schriek-Dorp 5",
        "postcode": "2223",
        "city": "Schriek",
        "position": (51.0270, 4.6840),
        "owner_type": "other",
        "description": "Parochiecentrum van Schriek met een grote zaal en een keuken.",
        "rooms": [
            {"name": "Grote zaal", "capacity": 130, "floor_area_m2": 170, "facilities": ["bar", "stage"]},
            {"name": "Keuken", "capacity": 8, "floor_area_m2": 20, "facilities": ["kitchen"]},
        ],
        "hours": BE_HOURS,
    },
]  # fmt: skip

ORGANISATIONS = [
    ("Sportclub Booischot", "club", "12014E",
     "Turnen, badminton en petanque voor alle leeftijden. Doet mee met de vrijetijdspas.",
     [("Wout Janssens", "Secretaris", "provider@demo.buurtkracht.nl", "provider")]),
    ("Sociaal Huis Heist-op-den-Berg", "municipal_service", "",
     "Het sociaal huis: verwijst inwoners door naar vrijetijdsaanbod met korting.",
     [("Lotte Peeters", "Maatschappelijk werker", "referrer@demo.buurtkracht.nl", None)]),
]  # fmt: skip
