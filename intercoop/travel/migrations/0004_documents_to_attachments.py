"""A trip's documents become attachments (ADR 0013): same stored files, same dates and uploaders."""

from django.db import migrations

from intercoop.attachments.migrating import new_attachment, owner_type


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    document = apps.get_model("travel", "TripDocument")
    rows = document.objects.all()
    if not rows.exists():
        return
    ct = owner_type(apps, "travel", "trip")
    for row in rows.select_related("trip").iterator():
        new_attachment(
            apps,
            owner=row.trip,
            owner_type=ct,
            kind=row.kind,
            name=row.file.name,
            original_name=row.original_name,
            content_type=row.content_type,
            size=row.size,
            uploaded_by_id=row.uploaded_by_id,
            created_at=row.created_at,
            archived_at=row.archived_at,
        )


class Migration(migrations.Migration):
    dependencies = [("travel", "0003_trip_trip_agreement_departure"), ("attachments", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
