from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "renda.practices"
    label = "practices"
    verbose_name = _("六有与工作经验")

    def ready(self) -> None:
        from renda.core.figures import year_figures_register

        from . import figures, phrases, rules, sixhaves_source, workflow  # noqa: F401  (permissions and transition tables)

        phrases.register()
        sixhaves_source.register()
        year_figures_register(figures.year_figures())
