from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0003_deadlines_notifications")]

    operations = []
