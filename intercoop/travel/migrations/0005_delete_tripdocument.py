from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("travel", "0004_documents_to_attachments")]

    operations = [migrations.DeleteModel(name="TripDocument")]
