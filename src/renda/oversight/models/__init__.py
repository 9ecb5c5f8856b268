"""Presidium work in recess and supervision (C5); one module per concern."""

from .activities import Activity, ActivityDocument, Invitation, Opinion
from .appraisal import Appraisal, AppraisalCriterion, AppraisalStation, Score, ScoreSheet
from .plans import PlanItem, PlanRevision, WorkPlan
from .rectification import RectificationItem, RectificationReport

__all__ = [
    "Activity",
    "ActivityDocument",
    "Appraisal",
    "AppraisalCriterion",
    "AppraisalStation",
    "Invitation",
    "Opinion",
    "PlanItem",
    "PlanRevision",
    "RectificationItem",
    "RectificationReport",
    "Score",
    "ScoreSheet",
    "WorkPlan",
]
