"""The performance app's records: other duties entered and confirmed, the towns' point rules per year, the
frozen assessments with each deputy's points and the staff's corrections, the deputy groups' yearly plans and
activities, and each town's publication settings."""

from .assessment import Assessment, AssessmentScore, PointCorrection, PointRules
from .duties import OtherDuty
from .groups import GroupActivity, GroupPlan, GroupPlanItem
from .publication import PublicationSetting

__all__ = [
    "Assessment",
    "AssessmentScore",
    "GroupActivity",
    "GroupPlan",
    "GroupPlanItem",
    "OtherDuty",
    "PointCorrection",
    "PointRules",
    "PublicationSetting",
]
