from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "renda.registry"
    label = "registry"
    verbose_name = _("组织与代表名册")

    def ready(self):
        from . import phrases, rules  # noqa: F401  (rules registers the permissions)
        from .sixhaves_source import register as sixhaves_register

        phrases.register()
        sixhaves_register()
