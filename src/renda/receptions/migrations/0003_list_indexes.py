from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("receptions", "0002_appeal_suggestion")]

    operations = [
        # (town, state) becomes the prefix of (town, state, -received_on, -id).
        migrations.RemoveIndex(model_name="appeal", name="appeal_town_state_idx"),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(fields=["town", "-received_on", "-id"], name="appeal_town_received_idx"),
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(
                fields=["town", "state", "-received_on", "-id"], name="appeal_town_state_recv_idx"
            ),
        ),
    ]
