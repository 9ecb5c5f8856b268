"""Congress sessions (C2): sessions with their agenda and documents, roll call and leave, the absence rule's
flags, deliberation opinions, motions with their signers, votes with corrections, and the town's yearly
record that its budget was adjusted (for the compliance check)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned
from renda.registry.models import chinese_number

from .enums import (
    AgendaKind,
    FlagKind,
    FlagState,
    LeaveState,
    MotionKind,
    MotionSource,
    MotionState,
    Presence,
    SessionKind,
    SessionState,
    SpecialRequester,
    VoteKind,
    VoteState,
)


class Session(TownOwned):
    """One session (第X届人民代表大会第Y次会议) of a town congress."""

    term = models.ForeignKey(
        "registry.Term", on_delete=models.PROTECT, related_name="sessions", verbose_name=_("届")
    )
    number = models.PositiveSmallIntegerField(_("会议次数"))
    kind = models.CharField(_("会议类型"), max_length=20, choices=SessionKind.choices)
    state = models.CharField(
        _("状态"), max_length=20, choices=SessionState.choices, default=SessionState.PLANNED
    )
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"))
    venue = models.CharField(_("会议地点"), max_length=200, blank=True)
    motion_deadline = models.DateField(_("议案截止日期"), null=True, blank=True)
    requested_by = models.CharField(
        _("临时会议提议方"), max_length=20, choices=SpecialRequester.choices, blank=True
    )
    requesters = models.ManyToManyField(
        "registry.Person", related_name="special_session_requests", blank=True, verbose_name=_("提议代表")
    )
    opened_on = models.DateField(_("宣布开会日期"), null=True, blank=True)
    quorum_present = models.PositiveSmallIntegerField(_("开会时出席人数"), null=True, blank=True)
    quorum_serving = models.PositiveSmallIntegerField(_("开会时在任代表数"), null=True, blank=True)
    closed_at = models.DateTimeField(_("闭幕时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("人代会会议")
        verbose_name_plural = _("人代会会议")
        ordering = ["town", "-start_date", "-number"]
        # The sessions list: a town's sessions newest first, or those of a year.
        indexes = [models.Index(fields=["town", "-start_date"], name="session_town_start_idx")]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_unique_number")]

    def __str__(self) -> str:
        return _("%(town)s第%(term)s届人民代表大会第%(n)s次会议") % {
            "town": self.town.name,
            "term": chinese_number(self.term.number),
            "n": chinese_number(self.number),
        }

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def quorum_met(self) -> bool | None:
        if self.quorum_present is None or not self.quorum_serving:
            return None
        num, den = settings.RENDA["SESSION_QUORUM"]
        return self.quorum_present * den >= self.quorum_serving * num


class AgendaItem(TownOwned):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="items", verbose_name=_("会议")
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("议程类型"), max_length=30, choices=AgendaKind.choices)
    title = models.CharField(_("议程名称"), max_length=200)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["session_id", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class SessionDocument(TownOwned):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="documents", verbose_name=_("会议")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("议程"),
    )
    title = models.CharField(_("文件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="congress/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("上传人"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("会议文件")
        verbose_name_plural = _("会议文件")
        ordering = ["session_id", "item_id", "id"]

    def __str__(self) -> str:
        return self.title


class LeaveRequest(TownOwned):
    """A deputy's leave from some days of a session; the presidium (or staff acting for it) decides."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="leaves", verbose_name=_("会议")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="session_leaves", verbose_name=_("代表")
    )
    first_day = models.DateField(_("请假起始日"))
    last_day = models.DateField(_("请假截止日"))
    reason = models.CharField(_("请假事由"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=20, choices=LeaveState.choices, default=LeaveState.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("审批人"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering = ["session_id", "person__name"]

    def __str__(self) -> str:
        return _("%(p)s 请假（%(a)s 至 %(b)s）") % {
            "p": self.person.name,
            "a": self.first_day,
            "b": self.last_day,
        }


class Attendance(TownOwned):
    """Roll call: one row per session day and deputy."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("会议")
    )
    day = models.DateField(_("日期"))
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="session_attendance", verbose_name=_("代表")
    )
    presence = models.CharField(_("出席情况"), max_length=20, choices=Presence.choices)
    leave = models.ForeignKey(
        LeaveRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("请假"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("登记人"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["session_id", "day", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "day", "person"], name="attendance_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.person.name} {self.get_presence_display()}"


class AbsenceFlag(TownOwned):
    """The absence rule's outcome for one deputy and term: a warning after the first session missed without
    approved leave, a mandate review after the second (Deputies Law Art. 62). Never applied automatically."""

    term = models.ForeignKey(
        "registry.Term", on_delete=models.PROTECT, related_name="absence_flags", verbose_name=_("届")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="absence_flags", verbose_name=_("代表")
    )
    mandate = models.ForeignKey(
        "registry.Mandate", on_delete=models.PROTECT, null=True, blank=True, related_name="absence_flags",
        verbose_name=_("代表资格"),
    )  # fmt: skip
    kind = models.CharField(_("类型"), max_length=20, choices=FlagKind.choices)
    state = models.CharField(_("状态"), max_length=20, choices=FlagState.choices, default=FlagState.OPEN)
    sessions = models.ManyToManyField(Session, related_name="absence_flags", verbose_name=_("缺席的会议"))
    resolution = models.CharField(_("处理结果"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("处理人"),
    )  # fmt: skip
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("缺席提醒与资格审查")
        verbose_name_plural = _("缺席提醒与资格审查")
        ordering = ["state", "-created_at"]
        # The flags list: a state (open by default), newest first.
        indexes = [
            models.Index(fields=["town", "state", "-created_at", "-id"], name="absflag_town_state_idx")
        ]
        constraints = [
            models.UniqueConstraint(fields=["term", "person", "kind"], name="absence_flag_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_kind_display()}"


class DeliberationOpinion(TownOwned):
    """A deputy group's opinion on one agenda item (审议意见)."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("议程")
    )
    group = models.ForeignKey(
        "registry.DeputyGroup", on_delete=models.PROTECT, related_name="+", verbose_name=_("代表小组")
    )
    content = models.TextField(_("审议意见"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("登记人"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("审议意见")
        verbose_name_plural = _("审议意见")
        ordering = ["item_id", "group__name", "id"]

    def __str__(self) -> str:
        return f"{self.group} · {self.item.title}"


class Motion(TownOwned):
    """A motion (议案) or interpellation (质询案) raised at a session."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="motions", verbose_name=_("会议")
    )
    number = models.PositiveSmallIntegerField(_("议案号"), null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=MotionKind.choices, default=MotionKind.MOTION)
    source = models.CharField(_("提出方"), max_length=20, choices=MotionSource.choices)
    title = models.CharField(_("案由"), max_length=200)
    content = models.TextField(_("内容"))
    lead = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="led_motions",
        verbose_name=_("领衔代表"),
    )  # fmt: skip
    state = models.CharField(_("状态"), max_length=20, choices=MotionState.choices, default=MotionState.DRAFT)
    override_reason = models.CharField(_("主席团特许提出理由"), max_length=300, blank=True)
    decision_reason = models.CharField(_("主席团决定说明"), max_length=300, blank=True)
    lodged_at = models.DateTimeField(_("提出时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    # A motion not put on the agenda is handled as a deputy suggestion (which links back through its source).
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("转为代表建议"),
    )  # fmt: skip
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("议案")
        verbose_name_plural = _("议案")
        ordering = ["session_id", "number", "id"]
        # The motions list's state filter (a session's motions are found by the session's own index).
        indexes = [models.Index(fields=["town", "state"], name="motion_town_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"],
                condition=models.Q(number__isnull=False),
                name="motion_unique_number",
            )
        ]

    def __str__(self) -> str:
        if self.number:
            return _("第%(n)s号%(kind)s：%(t)s") % {
                "n": self.number,
                "kind": self.get_kind_display(),
                "t": self.title,
            }
        return self.title


class MotionSigner(TownOwned):
    """The lead deputy (领衔) and each co-signer (附议) who confirmed in the system."""

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="signers", verbose_name=_("议案")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="motion_signatures", verbose_name=_("代表")
    )
    is_lead = models.BooleanField(_("领衔"), default=False)
    confirmed_at = models.DateTimeField(_("确认时间"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("确认人"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("附议")
        verbose_name_plural = _("附议")
        ordering = ["motion_id", "-is_lead", "confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["motion", "person"], name="motion_signer_once")]

    def __str__(self) -> str:
        return self.person.name


class Vote(TownOwned):
    """A recorded vote on a decision or an election; the result is computed against ALL serving deputies."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="votes", verbose_name=_("会议")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("议程"),
    )
    motion = models.ForeignKey(
        Motion, on_delete=models.SET_NULL, null=True, blank=True, related_name="votes", verbose_name=_("议案")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=VoteKind.choices, default=VoteKind.DECISION)
    title = models.CharField(_("表决事项"), max_length=200)
    day = models.DateField(_("表决日期"))
    state = models.CharField(_("状态"), max_length=20, choices=VoteState.choices, default=VoteState.OPEN)
    yes = models.PositiveSmallIntegerField(_("赞成"), default=0)
    no = models.PositiveSmallIntegerField(_("反对"), default=0)
    abstain = models.PositiveSmallIntegerField(_("弃权"), default=0)
    not_voting = models.PositiveSmallIntegerField(_("未按表决器"), default=0)
    serving = models.PositiveSmallIntegerField(_("全体代表人数"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    closed_at = models.DateTimeField(_("计票时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        ordering = ["session_id", "day", "id"]

    def __str__(self) -> str:
        return self.title


class VoteCorrection(TownOwned):
    """A correction of a vote's counts after the session closed, with its reason."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("表决")
    )
    before = models.JSONField(_("更正前"), default=dict)
    after = models.JSONField(_("更正后"), default=dict)
    reason = models.CharField(_("更正理由"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("更正人"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("表决更正")
        verbose_name_plural = _("表决更正")
        ordering = ["vote_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.vote} · {self.reason}"


class BudgetAdjustment(TownOwned):
    """The town adjusted its budget in this year: a budget-adjustment session is then due (compliance)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("预算调整")
        verbose_name_plural = _("预算调整")
        ordering = ["town", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year"], name="budget_adjustment_once_per_year")
        ]

    def __str__(self) -> str:
        return _("%(y)s年预算调整") % {"y": self.year}
