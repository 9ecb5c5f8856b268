from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "renda.congress"
    label = "congress"
    verbose_name = _("人代会与议案")

    def ready(self) -> None:
        from renda.core.waiting import waiting_register

        from . import performance_source, phrases, rules, waiting, workflow  # noqa: F401  (permissions and transition tables register)

        phrases.register()
        performance_source.register()
        waiting_register("congress", waiting.waiting_items)
        from renda.feeds.sources import feed_source_register

        from . import feed

        feed_source_register("congress", feed.feed_events)
