"""Files kept in the records' own fields move into the one attachments table (ADR 0013); the stored
files stay where they are."""

import django.db.models.deletion
from django.db import migrations, models

from intercoop.attachments.migrating import field_to_attachment


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_figurestate_figure"),
        ("attachments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="adjustment",
            name="evidence_file",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="attachments.attachment",
                verbose_name="evidence (PDF or image)",
            ),
        ),
        migrations.RunPython(
            field_to_attachment("indicators", "Adjustment", "evidence", "evidence_file", "evidence"),
            migrations.RunPython.noop,
        ),
    ]
