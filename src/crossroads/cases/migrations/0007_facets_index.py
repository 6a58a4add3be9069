"""On SQLite, an index of (organisation, facets), so a filter reads the short facets text only.

A filter on any field is a text match on ``Case.facets``; without this index
SQLite reads each record with its whole JSON document to test it (300 ms for
a rare filter among 100,000 records), with it only the index (90 ms).
PostgreSQL answers positive filters from the GIN index of migration 0004;
there this index made a 100,000-row import 20 seconds slower and no filter
faster, so it is not created.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS case_org_facets ON cases_case (organisation_id, facets)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS case_org_facets")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_list_order_index")]
    operations = [migrations.RunPython(create, drop)]
