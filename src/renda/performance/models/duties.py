from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned

from ..enums import DutyKind, DutyState


class OtherDuty(TownOwned):
    """A duty no module records (training, other), entered by the deputy or staff, confirmed by town staff."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="other_duties", verbose_name=_("代表")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=DutyKind.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("事项"), max_length=200)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=DutyState.choices, default=DutyState.ENTERED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reject_reason = models.CharField(_("不予确认理由"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("其他履职事项")
        verbose_name_plural = _("其他履职事项")
        ordering = ["town", "-date", "-id"]
        indexes = [models.Index(fields=["town", "state", "-date", "-id"], name="duty_town_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("performance:duty-detail", kwargs={"pk": self.pk})
