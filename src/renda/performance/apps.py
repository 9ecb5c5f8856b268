from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "renda.performance"
    label = "performance"
    verbose_name = _("代表履职与考核")

    def ready(self) -> None:
        from renda.core.records import record_source_register

        from . import clocks, phrases, rules, workflow  # noqa: F401  (permissions and transition tables)
        from .queries import DUTY_KINDS, GROUP_KINDS, duty_record_lines, group_record_lines
        from .sixhaves_source import register as sixhaves_register

        phrases.register()
        clocks.register()
        sixhaves_register()
        record_source_register("performance", duty_record_lines, DUTY_KINDS)
        record_source_register("performance.groups", group_record_lines, GROUP_KINDS)
