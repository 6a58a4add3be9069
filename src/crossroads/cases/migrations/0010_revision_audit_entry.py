"""A revision points to its audit entry by the entry's id: entries get their position in
the audit chain only when they are sealed, after the save (crossroads.audit.sealing)."""

from django.db import migrations, models


def to_entry_ids(apps, schema_editor):
    schema_editor.execute(
        "UPDATE cases_caserevision SET audit_entry = (SELECT e.id FROM audit_auditentry e "
        "WHERE e.seq = cases_caserevision.audit_entry) WHERE EXISTS (SELECT 1 FROM "
        "audit_auditentry e WHERE e.seq = cases_caserevision.audit_entry)"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_import_task_run"), ("audit", "0003_checkpoints")]

    operations = [
        migrations.RenameField("caserevision", "audit_seq", "audit_entry"),
        migrations.AlterField(
            model_name="caserevision",
            name="audit_entry",
            field=models.BigIntegerField(help_text="Id of the audit entry of this save."),
        ),
        migrations.RunPython(to_entry_ids, migrations.RunPython.noop),
    ]
