from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned


class PublicationSetting(TownOwned):
    """What a town publishes about its deputies on the public portal (Deputies Law Art. 58): the chosen fields
    (..enums.PublishField codes). Without a row, RENDA["PUBLICATION_DEFAULT_FIELDS"] apply."""

    fields = models.JSONField(_("公开事项"), default=list)
    published = models.BooleanField(_("在门户公开"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("代表履职公开设置")
        verbose_name_plural = _("代表履职公开设置")
        constraints = [models.UniqueConstraint(fields=["town"], name="publication_setting_per_town")]

    def __str__(self) -> str:
        return _("%(town)s代表履职公开设置") % {"town": self.town.name}
