"""The performance app's records: other duties entered and confirmed, the towns' point rules per year, and the
frozen assessments with each deputy's points and the staff's corrections."""

from .assessment import Assessment, AssessmentScore, PointCorrection, PointRules
from .duties import OtherDuty

__all__ = ["Assessment", "AssessmentScore", "OtherDuty", "PointCorrection", "PointRules"]
