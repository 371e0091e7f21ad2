"""The old file fields go, now that their files are attachments (ADR 0013). A migration of its own, so
that on PostgreSQL the rows updated by the previous one are committed before the table is altered."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("approvals", "0002_files_in_attachments")]

    operations = [
        migrations.RemoveField(model_name="requeststep", name="attachment"),
        migrations.RemoveField(model_name="requeststep", name="attachment_name"),
        migrations.RenameField(model_name="requeststep", old_name="attachment_file", new_name="attachment"),
    ]
