"""The folded title and summary the library's search compares, filled for existing documents."""

from typing import Any

from django.db import migrations, models


def fill(apps: Any, schema_editor: Any) -> None:
    from crossroads.library.services import search_text

    Document = apps.get_model("library", "Document")
    for document in Document.objects.only("pk", "title", "summary").iterator():
        Document.objects.filter(pk=document.pk).update(
            search_text=search_text(document.title, document.summary)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
