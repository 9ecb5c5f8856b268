"""Satisfaction uses the suggestions' codes: "basic" becomes "basically" (issue 12)."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Appeal = apps.get_model("receptions", "Appeal")
    Appeal._base_manager.filter(satisfaction="basic").update(satisfaction="basically")


def backwards(apps, schema_editor):
    Appeal = apps.get_model("receptions", "Appeal")
    Appeal._base_manager.filter(satisfaction="basically").update(satisfaction="basic")


class Migration(migrations.Migration):
    dependencies = [("receptions", "0003_list_indexes")]

    operations = [
        migrations.AlterField(
            model_name="appeal",
            name="satisfaction",
            field=models.CharField(
                blank=True,
                choices=[("satisfied", "满意"), ("basically", "基本满意"), ("unsatisfied", "不满意")],
                max_length=20,
                verbose_name="满意度",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
