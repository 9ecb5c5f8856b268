from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "renda.feeds"
    label = "feeds"
    verbose_name = _("日历订阅")

    def ready(self) -> None:
        from renda.core.audit import CODE_LABELS

        from . import rules, sources  # noqa: F401  (permissions)

        CODE_LABELS["feeds.token_issued"] = _("生成日历订阅地址")
        CODE_LABELS["feeds.token_revoked"] = _("作废日历订阅地址")

        sources.feed_source_register("deadlines", sources.deadline_events)
