"""PostgreSQL: check the lines of issued invoices once per statement instead of once per row.

The row trigger of 0002 ran two lookups for every invoice line written; an invoice run writes tens of
thousands. The same rule now runs as AFTER … FOR EACH STATEMENT triggers over the transition tables (one
query per statement, COPY included): any inserted, updated or deleted line that belongs to an issued invoice
aborts the statement with ``billing_invoice_frozen`` (SQLSTATE 23514). SQLite keeps its row triggers.
"""

from django.db import migrations

CHECK = """
    CREATE OR REPLACE FUNCTION billing_invoiceline_frozen_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF billing_guard_is_off() THEN
            RETURN NULL;
        END IF;
        -- Nested IFs: a transition table that this event does not have must not even be planned.
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            IF EXISTS (SELECT 1 FROM new_lines n JOIN billing_invoice i ON i.id = n.invoice_id
                       WHERE i.status <> 'draft') THEN
                RAISE EXCEPTION 'billing_invoice_frozen: a line belongs to an issued invoice' USING ERRCODE = '23514';
            END IF;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            IF EXISTS (SELECT 1 FROM old_lines o JOIN billing_invoice i ON i.id = o.invoice_id
                       WHERE i.status <> 'draft') THEN
                RAISE EXCEPTION 'billing_invoice_frozen: a line belongs to an issued invoice' USING ERRCODE = '23514';
            END IF;
        END IF;
        RETURN NULL;
    END $$;
"""
FORWARD = [
    "DROP TRIGGER IF EXISTS billing_invoiceline_frozen ON billing_invoiceline;",
    CHECK,
    """CREATE TRIGGER billing_invoiceline_frozen_insert AFTER INSERT ON billing_invoiceline
       REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_invoiceline_frozen_rows();""",
    """CREATE TRIGGER billing_invoiceline_frozen_update AFTER UPDATE ON billing_invoiceline
       REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT
       EXECUTE FUNCTION billing_invoiceline_frozen_rows();""",
    """CREATE TRIGGER billing_invoiceline_frozen_delete AFTER DELETE ON billing_invoiceline
       REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_invoiceline_frozen_rows();""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS billing_invoiceline_frozen_insert ON billing_invoiceline;",
    "DROP TRIGGER IF EXISTS billing_invoiceline_frozen_update ON billing_invoiceline;",
    "DROP TRIGGER IF EXISTS billing_invoiceline_frozen_delete ON billing_invoiceline;",
    "DROP FUNCTION IF EXISTS billing_invoiceline_frozen_rows();",
    """CREATE TRIGGER billing_invoiceline_frozen BEFORE INSERT OR UPDATE OR DELETE ON billing_invoiceline
       FOR EACH ROW EXECUTE FUNCTION billing_invoiceline_frozen();""",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_fewer_charge_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
