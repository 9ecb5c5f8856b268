from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]

    operations = []
