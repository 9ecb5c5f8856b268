from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "renda.oversight"
    label = "oversight"
    verbose_name = _("闭会期间活动与监督")

    def ready(self) -> None:
        from renda.core.figures import unit_figures_register, year_figures_register
        from renda.core.waiting import waiting_register
        from renda.feeds.sources import feed_source_register

        from . import clocks, feed, figures, performance_source, phrases, rules, waiting, workflow  # noqa: F401  (permissions and transition tables)
        from .sixhaves_source import register as sixhaves_register

        phrases.register()
        performance_source.register()
        sixhaves_register()
        clocks.register()
        waiting_register("oversight", waiting.waiting_items)
        waiting_register("oversight.activities", waiting.invitation_waiting_items)
        year_figures_register(figures.year_figures())
        unit_figures_register(figures.unit_figures())
        feed_source_register("oversight", feed.feed_events)
