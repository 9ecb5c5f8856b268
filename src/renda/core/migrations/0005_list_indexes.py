from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0004_figures")]

    operations = [
        # An object's history: the same index with the tiebreak of its order (-created_at, -id).
        migrations.RemoveIndex(model_name="activitylog", name="activity_object_idx"),
        migrations.AddIndex(
            model_name="activitylog",
            index=models.Index(
                fields=["content_type", "object_id", "-created_at", "-id"], name="activity_subject_idx"
            ),
        ),
        # The inbox and its unread part (count and list) in their order.
        migrations.RemoveIndex(model_name="notification", name="notification_inbox_idx"),
        migrations.RemoveIndex(model_name="notification", name="notification_unread_idx"),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["user", "-created_at", "-id"], name="notification_inbox_order_idx"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("read_at", None)),
                fields=["user", "-created_at", "-id"],
                name="notification_unread_order_idx",
            ),
        ),
    ]
