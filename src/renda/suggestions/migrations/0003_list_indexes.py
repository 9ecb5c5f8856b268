from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0002_search_index")]

    operations = [
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(fields=["town", "-year", "-id"], name="sugg_town_year_idx"),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(
                fields=["town", "state", "-year", "-id", "created_by"], name="sugg_town_state_year_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(
                condition=models.Q(("is_key", True)),
                fields=["town", "-year", "-id"],
                name="sugg_town_key_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(fields=["town", "followup"], name="sugg_town_followup_idx"),
        ),
    ]
