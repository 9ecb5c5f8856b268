from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renda.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from django.db.models import fields as model_fields

        # The empty choice of every select (Django's default is an untranslated "- Select an option -").
        model_fields.BLANK_CHOICE_LABEL = _("请选择")
        from . import security

        security.connect_signals()
        from . import access

        access.connect_signals()  # the grants version follows writes made outside the services
        from .notifications import queries as inbox

        inbox.inbox_connect_signals()  # so does the cached unread count (and it joins the grants' look-up)
        from . import (
            checks,  # noqa: F401  (registers the start-up checks)
            rules,  # noqa: F401  (registers core's permissions)
        )
        from .deadlines import permissions  # noqa: F401  (registers the calendar's permission)
