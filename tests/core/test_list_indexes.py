"""The lists' indexes (issue #7) exist in the database the migrations built, with their columns in order."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

INDEXES = {
    ("suggestions", "suggestion"): {
        "sugg_town_year_idx": ["town_id", "year", "id"],
        "sugg_town_state_year_idx": ["town_id", "state", "year", "id", "created_by_id"],
        "sugg_town_key_idx": ["town_id", "year", "id"],
        "sugg_town_followup_idx": ["town_id", "followup"],
    },
    ("receptions", "appeal"): {
        "appeal_town_received_idx": ["town_id", "received_on", "id"],
        "appeal_town_state_recv_idx": ["town_id", "state", "received_on", "id"],
        "appeal_open_due_idx": ["town_id", "due_date"],
    },
    ("congress", "session"): {"session_town_start_idx": ["town_id", "start_date"]},
    ("congress", "motion"): {"motion_town_state_idx": ["town_id", "state"]},
    ("congress", "absenceflag"): {"absflag_town_state_idx": ["town_id", "state", "created_at", "id"]},
    ("core", "activitylog"): {"activity_subject_idx": ["content_type_id", "object_id", "created_at", "id"]},
    ("core", "notification"): {
        "notification_inbox_order_idx": ["user_id", "created_at", "id"],
        "notification_unread_order_idx": ["user_id", "created_at", "id"],
    },
}
REPLACED = {("receptions", "appeal"): "appeal_town_state_idx", ("core", "activitylog"): "activity_object_idx"}


@pytest.mark.django_db
@pytest.mark.parametrize("model", sorted(INDEXES), ids=lambda m: ".".join(m))
def test_list_indexes_exist(model):
    table = apps.get_model(*model)._meta.db_table
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    for name, columns in INDEXES[model].items():
        assert name in found and found[name]["index"], (table, name, sorted(found))
        assert found[name]["columns"] == columns, (name, found[name]["columns"])
    assert REPLACED.get(model, "-") not in found
