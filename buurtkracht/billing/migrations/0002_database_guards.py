"""Database guards (see ``buurtkracht/billing/guards.py``).

1. Issued invoices and their lines are frozen: UPDATE/DELETE of an issued invoice, and INSERT/UPDATE/DELETE of
   a line of an issued invoice, abort with ``billing_invoice_frozen`` unless the maintenance switch is on.
2. Rate cards of the same house, room and kind of hire do not overlap in time.

PostgreSQL uses trigger functions (``%%`` below: the statements go through the driver's parameter syntax) and an exclusion constraint (btree_gist); SQLite uses triggers. Note for
later migrations: when SQLite rebuilds ``billing_invoice``, ``billing_invoiceline`` or ``billing_ratecard``
(some ALTERs do), the triggers are dropped with the old table; re-run ``forwards`` of this module after it.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION billing_guard_is_off() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('billing.guard_off', true), '') = 'on'
    $$;
    """,
    """
    CREATE OR REPLACE FUNCTION billing_invoice_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.status <> 'draft' AND NOT billing_guard_is_off() THEN
            RAISE EXCEPTION 'billing_invoice_frozen: invoice %% is issued', OLD.id USING ERRCODE = '23514';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER billing_invoice_frozen BEFORE UPDATE OR DELETE ON billing_invoice
    FOR EACH ROW EXECUTE FUNCTION billing_invoice_frozen();
    """,
    """
    CREATE OR REPLACE FUNCTION billing_invoiceline_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT billing_guard_is_off() THEN
            IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
                SELECT 1 FROM billing_invoice i WHERE i.id = OLD.invoice_id AND i.status <> 'draft'
            ) THEN
                RAISE EXCEPTION 'billing_invoice_frozen: line %% belongs to an issued invoice', OLD.id
                    USING ERRCODE = '23514';
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
                SELECT 1 FROM billing_invoice i WHERE i.id = NEW.invoice_id AND i.status <> 'draft'
            ) THEN
                RAISE EXCEPTION 'billing_invoice_frozen: invoice %% is issued', NEW.invoice_id USING ERRCODE = '23514';
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER billing_invoiceline_frozen BEFORE INSERT OR UPDATE OR DELETE ON billing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION billing_invoiceline_frozen();
    """,
    """
    ALTER TABLE billing_ratecard ADD CONSTRAINT billing_ratecard_no_overlap EXCLUDE USING gist (
        house_id WITH =, (coalesce(room_id, 0)) WITH =, hire WITH =,
        daterange(valid_from, valid_until, '[]') WITH &&
    );
    """,
]
POSTGRES_BACKWARD = [
    "ALTER TABLE billing_ratecard DROP CONSTRAINT IF EXISTS billing_ratecard_no_overlap;",
    "DROP TRIGGER IF EXISTS billing_invoiceline_frozen ON billing_invoiceline;",
    "DROP TRIGGER IF EXISTS billing_invoice_frozen ON billing_invoice;",
    "DROP FUNCTION IF EXISTS billing_invoiceline_frozen();",
    "DROP FUNCTION IF EXISTS billing_invoice_frozen();",
    "DROP FUNCTION IF EXISTS billing_guard_is_off();",
]

_ISSUED = "(SELECT status FROM billing_invoice WHERE id = {ref}.invoice_id) <> 'draft'"
_OVERLAP = """
    SELECT 1 FROM billing_ratecard c
    WHERE c.id IS NOT NEW.id AND c.house_id = NEW.house_id AND IFNULL(c.room_id, 0) = IFNULL(NEW.room_id, 0)
      AND c.hire = NEW.hire
      AND c.valid_from <= IFNULL(NEW.valid_until, '9999-12-31') AND NEW.valid_from <= IFNULL(c.valid_until, '9999-12-31')
"""
SQLITE_FORWARD = [
    """
    CREATE TRIGGER billing_invoice_frozen_update BEFORE UPDATE ON billing_invoice
    WHEN OLD.status <> 'draft' AND billing_guard_off() = 0
    BEGIN SELECT RAISE(ABORT, 'billing_invoice_frozen'); END;
    """,
    """
    CREATE TRIGGER billing_invoice_frozen_delete BEFORE DELETE ON billing_invoice
    WHEN OLD.status <> 'draft' AND billing_guard_off() = 0
    BEGIN SELECT RAISE(ABORT, 'billing_invoice_frozen'); END;
    """,
    f"""
    CREATE TRIGGER billing_invoiceline_frozen_insert BEFORE INSERT ON billing_invoiceline
    WHEN {_ISSUED.format(ref="NEW")} AND billing_guard_off() = 0
    BEGIN SELECT RAISE(ABORT, 'billing_invoice_frozen'); END;
    """,
    f"""
    CREATE TRIGGER billing_invoiceline_frozen_update BEFORE UPDATE ON billing_invoiceline
    WHEN ({_ISSUED.format(ref="OLD")} OR {_ISSUED.format(ref="NEW")}) AND billing_guard_off() = 0
    BEGIN SELECT RAISE(ABORT, 'billing_invoice_frozen'); END;
    """,
    f"""
    CREATE TRIGGER billing_invoiceline_frozen_delete BEFORE DELETE ON billing_invoiceline
    WHEN {_ISSUED.format(ref="OLD")} AND billing_guard_off() = 0
    BEGIN SELECT RAISE(ABORT, 'billing_invoice_frozen'); END;
    """,
    f"""
    CREATE TRIGGER billing_ratecard_no_overlap_insert BEFORE INSERT ON billing_ratecard
    WHEN EXISTS ({_OVERLAP})
    BEGIN SELECT RAISE(ABORT, 'billing_ratecard_overlap'); END;
    """,
    f"""
    CREATE TRIGGER billing_ratecard_no_overlap_update BEFORE UPDATE ON billing_ratecard
    WHEN EXISTS ({_OVERLAP})
    BEGIN SELECT RAISE(ABORT, 'billing_ratecard_overlap'); END;
    """,
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "billing_invoice_frozen_update", "billing_invoice_frozen_delete", "billing_invoiceline_frozen_insert",
        "billing_invoiceline_frozen_update", "billing_invoiceline_frozen_delete", "billing_ratecard_no_overlap_insert",
        "billing_ratecard_no_overlap_update",
    )
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = POSTGRES_FORWARD if vendor == "postgresql" else SQLITE_FORWARD if vendor == "sqlite" else []
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = POSTGRES_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD if vendor == "sqlite" else []
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_billing_models")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
