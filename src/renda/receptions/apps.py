from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionsConfig(AppConfig):
    name = "renda.receptions"
    label = "receptions"
    verbose_name = _("联系选民与诉求")

    def ready(self) -> None:
        from renda.core.figures import figures_register, year_figures_register
        from renda.core.waiting import waiting_register
        from renda.feeds.sources import feed_source_register

        from . import clocks, feed, figures, performance_source, phrases, rules, waiting, workflow  # noqa: F401  (permissions and transition tables)

        phrases.register()
        performance_source.register()
        clocks.register()
        figures_register("appeals", figures.town_figures)
        waiting_register("receptions", waiting.waiting_items)
        year_figures_register(figures.year_figures())
        feed_source_register("receptions", feed.feed_events)
