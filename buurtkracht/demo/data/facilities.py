"""Room templates for the generated Brabant houses. Facility codes come from the houses app's catalogue
(migration houses/0002_seed_facility_catalogue); the demo never adds catalogue entries."""

# (name, min capacity, max capacity, m² per person, facilities)
ROOM_TEMPLATES = [
    ("Grote zaal", 80, 220, 1.4,
     ["stage", "sound_system", "microphone", "bar", "wheelchair_access", "hearing_loop", "tables_chairs"]),
    ("Kleine zaal", 30, 60, 1.6, ["beamer", "screen", "wifi", "coffee_tea", "wheelchair_access", "tables_chairs"]),
    ("Vergaderruimte", 8, 20, 2.2, ["beamer", "wifi", "coffee_tea", "whiteboard_flipchart"]),
    ("Keuken", 8, 16, 2.5, ["kitchen", "dishwasher", "crockery", "fridge"]),
    ("Sportzaal", 30, 80, 4.0, ["sports_floor", "sound_system", "changing_rooms", "showers"]),
    ("Biljartruimte", 10, 20, 3.0, ["bar"]),
    ("Jeugdruimte", 20, 40, 2.0, ["sound_system", "wifi", "bar"]),
]  # fmt: skip
