"""Completeness counts the fields needed for completeness only (one definition everywhere):
stored percentages are computed again under that rule."""

from django.db import migrations

BATCH = 2000


def recompute(apps, schema_editor):
    from crossroads.codebook.loader import load_standard
    from crossroads.codebook.validation import EVENTS_KEY, completeness

    Case = apps.get_model("cases", "Case")
    standard = load_standard()
    changed = []
    rows = Case.objects.select_related("organisation").only(
        "data", "completeness", "missing_count", "organisation__country"
    )
    for case in rows.iterator(chunk_size=BATCH):
        data = case.data or {}
        missing, percent = completeness(
            standard, data, data.get(EVENTS_KEY) or {}, case.organisation.country
        )
        if (percent, len(missing)) != (case.completeness, case.missing_count):
            case.completeness, case.missing_count = percent, len(missing)
            changed.append(case)
        if len(changed) >= BATCH:
            Case.objects.bulk_update(changed, ["completeness", "missing_count"])
            changed = []
    Case.objects.bulk_update(changed, ["completeness", "missing_count"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_revision_audit_entry")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
