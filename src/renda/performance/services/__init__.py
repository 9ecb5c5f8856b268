"""The performance services: other duties (entered, confirmed or rejected), the point rules, the assessment,
the deputy groups' yearly plans and activities, and the town's publication settings."""

from .assessment import assessment_run, point_rules_set, score_correct
from .duties import duty_confirm, duty_enter, duty_reject
from .groups import group_activity_record, group_activity_summarise, plan_file, plans_open
from .publication import publication_set

__all__ = [
    "assessment_run",
    "duty_confirm",
    "duty_enter",
    "duty_reject",
    "group_activity_record",
    "group_activity_summarise",
    "plan_file",
    "plans_open",
    "point_rules_set",
    "publication_set",
    "score_correct",
]
