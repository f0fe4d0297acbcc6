"""Seed the facility catalogue. Idempotent (update_or_create on the code) and reversible (removes the
seeded codes again; rooms simply lose those facilities)."""

from django.db import migrations

# (code, Dutch name, English name, kind)
CATALOGUE = [
    # space
    ("stage", "Podium", "Stage", "space"),
    ("sports_floor", "Sportvloer", "Sports floor", "space"),
    ("dance_floor", "Dansvloer", "Dance floor", "space"),
    ("daylight", "Daglicht", "Daylight", "space"),
    ("blackout", "Verduisteren mogelijk", "Can be darkened", "space"),
    ("garden_terrace", "Tuin of terras", "Garden or terrace", "space"),
    ("storage", "Opslagruimte", "Storage space", "space"),
    ("changing_rooms", "Kleedkamers", "Changing rooms", "space"),
    ("showers", "Douches", "Showers", "space"),
    ("quiet_room", "Prikkelarme ruimte", "Quiet, low-stimulus room", "space"),
    ("parking", "Parkeerplaatsen", "Car parking", "space"),
    ("bicycle_parking", "Fietsenstalling", "Bicycle parking", "space"),
    # equipment
    ("beamer", "Beamer", "Projector", "equipment"),
    ("screen", "Projectiescherm", "Projection screen", "equipment"),
    ("tv_screen", "Groot tv-scherm", "Large TV screen", "equipment"),
    ("sound_system", "Geluidsinstallatie", "Sound system", "equipment"),
    ("microphone", "Microfoon", "Microphone", "equipment"),
    ("stage_lighting", "Podiumverlichting", "Stage lighting", "equipment"),
    ("video_meeting", "Apparatuur voor online vergaderen", "Video meeting equipment", "equipment"),
    ("wifi", "Wifi", "Wi-Fi", "equipment"),
    ("piano", "Piano", "Piano", "equipment"),
    ("whiteboard_flipchart", "Whiteboard of flip-over", "Whiteboard or flip chart", "equipment"),
    ("tables_chairs", "Tafels en stoelen", "Tables and chairs", "equipment"),
    ("sports_equipment", "Sportmateriaal", "Sports equipment", "equipment"),
    # catering
    ("kitchen", "Keuken", "Kitchen", "catering"),
    ("bar", "Bar", "Bar", "catering"),
    ("coffee_tea", "Koffie en thee", "Coffee and tea", "catering"),
    ("dishwasher", "Vaatwasser", "Dishwasher", "catering"),
    ("fridge", "Koelkast", "Fridge", "catering"),
    ("crockery", "Servies en bestek", "Crockery and cutlery", "catering"),
    # accessibility
    ("wheelchair_access", "Rolstoeltoegankelijk", "Wheelchair accessible", "accessibility"),
    ("step_free_entrance", "Drempelvrije ingang", "Step-free entrance", "accessibility"),
    ("accessible_toilet", "Invalidentoilet", "Accessible toilet", "accessibility"),
    ("lift", "Lift", "Lift", "accessibility"),
    ("hearing_loop", "Ringleiding", "Hearing loop", "accessibility"),
    ("disabled_parking", "Gehandicaptenparkeerplaats", "Disabled parking space", "accessibility"),
    ("automatic_doors", "Automatische deuren", "Automatic doors", "accessibility"),
    ("guide_dogs_welcome", "Hulphonden welkom", "Assistance dogs welcome", "accessibility"),
]


def seed(apps, schema_editor):
    Facility = apps.get_model("houses", "Facility")
    for order, (code, name_nl, name_en, kind) in enumerate(CATALOGUE, start=1):
        Facility.objects.update_or_create(
            code=code, defaults={"name_nl": name_nl, "name_en": name_en, "kind": kind, "sort_order": order * 10}
        )


def unseed(apps, schema_editor):
    Facility = apps.get_model("houses", "Facility")
    Facility.objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("houses", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
