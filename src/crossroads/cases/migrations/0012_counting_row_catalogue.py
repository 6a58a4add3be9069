"""Rewrite every record's counting row for the full indicator catalogue's layout.

The rows now also carry referral, reflection-period and payment dates, the
proceedings against traffickers and the disputed age (see cases.counting).
Rows of the previous layout would be read from their documents, correct but
slow, so they are rewritten once here.
"""

from importlib import import_module

from django.db import migrations

fill_counting_rows = import_module(
    "crossroads.cases.migrations.0008_counting_row"
).fill_counting_rows


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_completeness_of_needed_fields")]

    operations = [migrations.RunPython(fill_counting_rows, migrations.RunPython.noop)]
