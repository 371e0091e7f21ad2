"""The old file fields go, now that their files are attachments (ADR 0013). A migration of its own, so
that on PostgreSQL the rows updated by the previous one are committed before the table is altered."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_files_in_attachments")]

    operations = [
        migrations.RemoveField(model_name="adjustment", name="evidence"),
        migrations.RenameField(model_name="adjustment", old_name="evidence_file", new_name="evidence"),
    ]
