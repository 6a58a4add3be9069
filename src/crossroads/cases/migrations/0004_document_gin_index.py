"""On PostgreSQL, a GIN index on the record document, so list filters on any field stay fast.

Filters use JSON containment (``data @> '{"gender": "male"}'``), which this
index answers without reading every record. SQLite has no such index; there
the filters read the documents of the organisation (see the benchmark).
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS case_data_gin ON cases_case USING gin (data jsonb_path_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_data_gin")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_list_indexes")]
    operations = [migrations.RunPython(create, drop)]
