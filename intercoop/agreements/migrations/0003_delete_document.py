from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_documents_to_attachments")]

    operations = [migrations.DeleteModel(name="Document")]
