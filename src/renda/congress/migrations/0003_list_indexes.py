from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("congress", "0002_motion_suggestion")]

    operations = [
        migrations.AddIndex(
            model_name="absenceflag",
            index=models.Index(fields=["town", "state", "-created_at", "-id"], name="absflag_town_state_idx"),
        ),
        migrations.AddIndex(
            model_name="motion",
            index=models.Index(fields=["town", "state"], name="motion_town_state_idx"),
        ),
        migrations.AddIndex(
            model_name="session",
            index=models.Index(fields=["town", "-start_date"], name="session_town_start_idx"),
        ),
    ]
