from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "renda.oversight"
    label = "oversight"
    verbose_name = _("闭会期间活动与监督")

    def ready(self) -> None:
        from . import clocks, phrases, rules, workflow  # noqa: F401  (permissions and transition tables)

        phrases.register()
        clocks.register()

        from renda.core.waiting import waiting_register

        from . import waiting

        waiting_register("oversight.activities", waiting.waiting_items)
