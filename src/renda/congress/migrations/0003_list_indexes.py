from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("congress", "0002_motion_suggestion")]

    operations = []
