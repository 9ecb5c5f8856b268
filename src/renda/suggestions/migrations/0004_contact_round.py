from django.db import migrations, models


def contacts_of_round_two(apps, schema_editor):
    """Contacts recorded before this field: one written after the first reply belongs to the re-handling."""
    from django_scopes import scopes_disabled

    Reply = apps.get_model("suggestions", "SuggestionReply")
    Contact = apps.get_model("suggestions", "SuggestionContact")
    with scopes_disabled():  # a migration works across towns
        for suggestion_id, created_at in Reply.objects.filter(round=1).values_list(
            "suggestion_id", "created_at"
        ):
            Contact.objects.filter(suggestion_id=suggestion_id, created_at__gt=created_at).update(round=2)


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0003_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestioncontact",
            name="round",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="办理轮次"),
        ),
        migrations.RunPython(contacts_of_round_two, migrations.RunPython.noop),
    ]
