"""Files kept in the records' own fields move into the one attachments table (ADR 0013); the stored
files stay where they are."""

import django.db.models.deletion
from django.db import migrations, models

from intercoop.attachments.migrating import field_to_attachment


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0001_initial"),
        ("attachments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="requeststep",
            name="attachment_file",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="attachments.attachment",
                verbose_name="attachment",
            ),
        ),
        migrations.RunPython(
            field_to_attachment("approvals", "RequestStep", "attachment", "attachment_file", "decision", name_field="attachment_name"),
            migrations.RunPython.noop,
        ),
    ]
