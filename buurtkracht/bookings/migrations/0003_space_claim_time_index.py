"""An index that lets the free-space search read the claims by time instead of by room (bookings.md §9).

A search over thousands of rooms (all houses of a province or the country) reads fewer index pages when it
asks "what is claimed in these windows" once per window and keeps the claims of its rooms, than when it probes
every room. That needs an index on the period itself, holding the unit too, so the heap is never read:

PostgreSQL: a GiST index on ``tstzrange(blocked_start, blocked_end)`` (the default bounds are '[)') — exact for
claims of any length — with the unit and both ends included (an index-only scan once autovacuum has marked the
pages visible). The expression is written with two arguments on purpose: the exclusion constraint's index uses the
three-argument form, and a query by time alone must not match that index (its first column is the unit, so a
search without a unit would read most of it; the planner took it on a table autovacuum had not visited yet).
SQLite: a covering B-tree on (blocked_start, blocked_end, unit_id); the search bounds the start from below by
the longest claim (see ``bookings.search.claims``).
"""

from django.db import migrations

POSTGRES_FORWARD = (
    "CREATE INDEX IF NOT EXISTS bookings_claim_period ON bookings_spaceclaim "
    "USING gist (tstzrange(blocked_start, blocked_end)) INCLUDE (unit_id, blocked_start, blocked_end)"
)
SQLITE_FORWARD = (
    "CREATE INDEX IF NOT EXISTS bookings_claim_period ON bookings_spaceclaim (blocked_start, blocked_end, unit_id)"
)
BACKWARD = "DROP INDEX IF EXISTS bookings_claim_period"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0002_space_claim_no_overlap_guards")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
