"""An agreement's documents become attachments (ADR 0013): same stored files, same dates and uploaders;
the obligation a document was about is the attachment's part."""

from django.db import migrations

from intercoop.attachments.migrating import new_attachment, owner_type


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    document = apps.get_model("agreements", "Document")
    rows = document.objects.all()
    if not rows.exists():
        return
    ct = owner_type(apps, "agreements", "agreement")
    for row in rows.select_related("agreement").iterator():
        new_attachment(
            apps,
            owner=row.agreement,
            owner_type=ct,
            kind=row.kind,
            name=row.file.name,
            part_id=row.obligation_id,
            original_name=row.original_name,
            content_type=row.content_type,
            size=row.size,
            uploaded_by_id=row.uploaded_by_id,
            created_at=row.created_at,
            archived_at=row.archived_at,
        )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial"), ("attachments", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
