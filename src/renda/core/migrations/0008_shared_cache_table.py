"""The database cache table: without Redis, the portal's rate limits and used challenges live here, shared by
every web process (a per-process cache let each gunicorn worker count on its own)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Creates the table of every DatabaseCache in CACHES (none when Redis is configured); idempotent.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_calendar_year")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
