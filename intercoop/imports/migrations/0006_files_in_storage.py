# Import files move from the database (a bytea / BLOB column) to file storage (issue 18 item 4).

import uuid

from django.core.files.base import ContentFile
from django.db import migrations, models
from django.utils import timezone

import intercoop.imports.models


def to_storage(apps, schema_editor):
    """Every file still kept (checked, not yet imported or abandoned) is written to storage."""
    ImportBatch = apps.get_model("imports", "ImportBatch")
    for batch in ImportBatch.objects.exclude(data=b"").iterator(chunk_size=20):
        data = bytes(batch.data)
        if not data:
            continue
        now = timezone.now()
        suffix = "." + batch.filename.rsplit(".", 1)[-1][:7] if "." in batch.filename else ""
        name = f"imports/{batch.institution_id}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{suffix}"
        batch.file.save(name, ContentFile(data), save=False)
        batch.file_size = len(data)
        batch.save(update_fields=["file", "file_size"])


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0005_background_work"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="file",
            field=models.FileField(blank=True, max_length=200, upload_to=intercoop.imports.models.stored_path),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="file_size",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(to_storage, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="importbatch",
            name="data",
        ),
    ]
