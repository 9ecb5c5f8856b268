from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("receptions", "0002_appeal_suggestion")]

    operations = []
