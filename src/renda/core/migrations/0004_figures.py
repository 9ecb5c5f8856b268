import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0003_deadlines_notifications")]

    operations = [
        migrations.CreateModel(
            name="TownFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="数据")),
                ("computed_on", models.DateField(verbose_name="计算日期")),
                ("stale", models.BooleanField(default=False, verbose_name="待重新计算")),
                ("version", models.PositiveIntegerField(default=0, verbose_name="变更次数")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "town",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="figures",
                        to="core.town",
                        verbose_name="镇（街道）",
                    ),
                ),
            ],
            options={"verbose_name": "工作概况", "verbose_name_plural": "工作概况"},
        ),
    ]
