from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Dashboards over the figures every module registers (renda.core.figures); no tables of its own."""

    name = "renda.reports"
    label = "reports"
    verbose_name = _("统计报表")
