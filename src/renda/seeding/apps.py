from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeedingConfig(AppConfig):
    """No models: it holds the `demo` and `seed` commands, which may import every app."""

    name = "renda.seeding"
    label = "seeding"
    verbose_name = _("演示与测试数据")
