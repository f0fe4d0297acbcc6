"""The database guard against double bookings, per database vendor (bookings.md §8).

PostgreSQL: an exclusion constraint over (unit, tstzrange(blocked_start, blocked_end, '[)')), served by a GiST
index (btree_gist for the equality on the unit). SQLite: triggers that abort an insert or update that overlaps
another claim on the same unit; IMMEDIATE transactions serialise the writers, so the trigger sees every
committed claim. Both raise an IntegrityError that the services turn into a translated conflict message.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

POSTGRES_FORWARD = """
ALTER TABLE bookings_spaceclaim ADD CONSTRAINT bookings_spaceclaim_no_overlap
EXCLUDE USING gist (unit_id WITH =, tstzrange(blocked_start, blocked_end, '[)') WITH &&);
"""
POSTGRES_BACKWARD = "ALTER TABLE bookings_spaceclaim DROP CONSTRAINT IF EXISTS bookings_spaceclaim_no_overlap;"

SQLITE_FORWARD = [
    """
    CREATE TRIGGER bookings_spaceclaim_no_overlap_insert BEFORE INSERT ON bookings_spaceclaim
    WHEN EXISTS (
        SELECT 1 FROM bookings_spaceclaim c
        WHERE c.unit_id = NEW.unit_id AND c.blocked_start < NEW.blocked_end AND NEW.blocked_start < c.blocked_end
    )
    BEGIN SELECT RAISE(ABORT, 'bookings_space_overlap'); END;
    """,
    """
    CREATE TRIGGER bookings_spaceclaim_no_overlap_update BEFORE UPDATE ON bookings_spaceclaim
    WHEN EXISTS (
        SELECT 1 FROM bookings_spaceclaim c
        WHERE c.id != NEW.id AND c.unit_id = NEW.unit_id
          AND c.blocked_start < NEW.blocked_end AND NEW.blocked_start < c.blocked_end
    )
    BEGIN SELECT RAISE(ABORT, 'bookings_space_overlap'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS bookings_spaceclaim_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS bookings_spaceclaim_no_overlap_update;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_series_occurrences_claims_feeds")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
