"""Files kept in the records' own fields move into the one attachments table (ADR 0013); the stored
files stay where they are."""

import django.db.models.deletion
from django.db import migrations, models

from intercoop.attachments.migrating import field_to_attachment


class Migration(migrations.Migration):
    dependencies = [
        ("influence", "0001_initial"),
        ("attachments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisationpost",
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
            field_to_attachment("influence", "OrganisationPost", "evidence", "evidence_file", "evidence"),
            migrations.RunPython.noop,
        ),
        migrations.AddField(
            model_name="adoptedstandard",
            name="evidence_file",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="attachments.attachment",
                verbose_name="evidence of adoption (PDF or image)",
            ),
        ),
        migrations.RunPython(
            field_to_attachment("influence", "AdoptedStandard", "evidence", "evidence_file", "evidence"),
            migrations.RunPython.noop,
        ),
        migrations.AddField(
            model_name="overseassite",
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
            field_to_attachment("influence", "OverseasSite", "evidence", "evidence_file", "evidence"),
            migrations.RunPython.noop,
        ),
    ]
