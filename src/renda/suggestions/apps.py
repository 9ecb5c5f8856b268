from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "renda.suggestions"
    label = "suggestions"
    verbose_name = _("代表建议")

    def ready(self) -> None:
        from renda.core.figures import figures_register, unit_figures_register, year_figures_register
        from renda.core.waiting import waiting_register

        from . import clocks, figures, performance_source, phrases, rules, waiting, workflow  # noqa: F401  (permissions, tables)
        from .sixhaves_source import register as sixhaves_register

        phrases.register()
        performance_source.register()
        sixhaves_register()
        clocks.register()
        figures_register("suggestions", figures.town_figures)
        waiting_register("suggestions", waiting.waiting_items)
        year_figures_register(figures.year_figures())
        unit_figures_register(figures.unit_figures())
