from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "renda.campaigns"
    label = "campaigns"
    verbose_name = _("区镇上下联动")

    def ready(self) -> None:
        from renda.core.figures import year_figures_register
        from renda.core.waiting import waiting_register

        from . import clocks, figures, performance_source, phrases, practice_source, rules, waiting, workflow  # noqa: F401  (permissions and transition tables)

        phrases.register()
        performance_source.register()
        practice_source.register()
        clocks.register()
        waiting_register("campaigns", waiting.waiting_items)
        year_figures_register(figures.year_figures())
        year_figures_register(figures.invitation_figures())
