from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0002_search_index")]

    operations = []
