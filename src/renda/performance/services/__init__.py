"""The performance services: other duties (entered, confirmed or rejected), the point rules, the assessment."""

from .assessment import assessment_run, point_rules_set, score_correct
from .duties import duty_confirm, duty_enter, duty_reject

__all__ = ["assessment_run", "duty_confirm", "duty_enter", "duty_reject", "point_rules_set", "score_correct"]
