from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Dashboards over the figures every module registers (renda.core.figures), and the year-end packs built
    from them (YearPack: the only table of its own)."""

    name = "renda.reports"
    label = "reports"
    verbose_name = _("统计报表")

    def ready(self) -> None:
        from . import rules, tasks  # noqa: F401  (permissions; the pack's background task)
