"""Store the group-disclosure warnings of submission previews as typed values, not sentences.

Previews written before held each warning as an English sentence; this
turns each into the plain form of ``GroupDisclosure`` once, so that no code
reads a sentence back.
"""

import re

from django.db import migrations

SENTENCE = re.compile(
    r"^(?P<table>\S+): all (?P<persons>\d+) persons with (?P<group>.+) "
    r"have (?P<dim>\S+)=(?P<cat>\S+)$"
)


def typed(warning):
    if not isinstance(warning, str):
        return warning
    match = SENTENCE.match(warning)
    if match is None:
        return None
    return {
        "table": match["table"],
        "persons": int(match["persons"]),
        "group": [part.split("=", 1) for part in match["group"].split(", ")],
        "dimension": match["dim"],
        "category": match["cat"],
    }


def forwards(apps, schema_editor):
    Submission = apps.get_model("exchange", "Submission")
    for pk, preview in Submission.objects.values_list("pk", "preview").iterator():
        warnings = (preview or {}).get("warnings")
        if not warnings or not any(isinstance(w, str) for w in warnings):
            continue
        converted = [w for w in (typed(w) for w in warnings) if w is not None]
        Submission.objects.filter(pk=pk).update(preview={**preview, "warnings": converted})


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
