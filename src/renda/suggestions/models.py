"""Deputies' suggestions, criticisms and opinions (DOMAIN C3).

A `Suggestion` belongs to a town and a year; its signers (`SuggestionSigner`, the first is the lead signer)
are deputies. Town staff review it and assign it to one lead unit and any co-units (`SuggestionAssignment`);
units record contacts with the deputy, co-units send their opinion, the lead unit replies
(`SuggestionReply`, round 1, or round 2 after 不满意), every signer gives feedback (`SuggestionFeedback`).
The state changes only through `core.workflow.workflow_apply`, along the tables of `suggestions/workflow.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from renda.core.tenancy import TownOwned


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COSIGNING = "cosigning", _("待附议确认")
    SUBMITTED = "submitted", _("已提交待审查")
    NOT_ACCEPTED = "not_accepted", _("不予立案")
    ACCEPTED = "accepted", _("已立案待交办")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复待反馈")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已并案")


class Channel(models.TextChoices):
    RECESS = "recess", _("闭会期间")
    ACTIVITY = "activity", _("活动期间")
    SESSION = "session", _("会议期间")


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("建议")
    CRITICISM = "criticism", _("批评")
    OPINION = "opinion", _("意见")


class UnitRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("协办")


class Score(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    NO_VIEW = "no_view", _("未表态")


class ContactWay(models.TextChoices):
    VISIT = "visit", _("当面走访")
    PHONE = "phone", _("电话")
    MEETING = "meeting", _("座谈会")
    MESSAGE = "message", _("短信或微信")
    LETTER = "letter", _("书面")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class FollowUp(models.TextChoices):
    NONE = "", _("无")
    OPEN = "open", _("跟踪中")
    DUE = "due", _("到期待核查")
    DONE = "done", _("已落实")


class Suggestion(TownOwned):
    """One suggestion, criticism or opinion of one or more deputies."""

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    number = models.CharField(_("编号"), max_length=30, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.SUGGESTION)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    topic = models.CharField(_("主题标签"), max_length=200, blank=True, help_text=_("以顿号或逗号分隔"))
    channel = models.CharField(_("提出渠道"), max_length=20, choices=Channel.choices, default=Channel.RECESS)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=0)
    # Where it came from: a reception appeal, a congress motion or session, an activity.
    source_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来源类型"),
    )
    source_id = models.CharField(_("来源编号"), max_length=64, blank=True)
    source_label = models.CharField(_("来源"), max_length=200, blank=True)
    lead_person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="lead_suggestions",
        verbose_name=_("领衔代表"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    on_behalf = models.BooleanField(_("工作人员代为录入"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    not_accepted_reason = models.CharField(_("不予立案理由"), max_length=40, blank=True)
    not_accepted_note = models.TextField(_("不予立案说明"), blank=True)
    difficult = models.BooleanField(_("涉及面广或办理难度大"), default=False)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        "registry.HandlingUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_suggestions",
        verbose_name=_("主办单位"),
    )
    outcome_class = models.CharField(_("办理结果类别"), max_length=5, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    followup = models.CharField(
        _("后续跟踪"), max_length=10, choices=FollowUp.choices, blank=True, default=""
    )
    followup_date = models.DateField(_("计划完成日期"), null=True, blank=True)
    is_key = models.BooleanField(_("重点督办"), default=False)
    # The day it was (last) chosen as a key suggestion: supervision is recorded from then on.
    key_since = models.DateField(_("列为重点督办日期"), null=True, blank=True)
    published = models.BooleanField(_("已公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name=_("并入"),
    )
    tokens = models.TextField(_("分词"), blank=True, editable=False)

    objects = ScopedManager(town="town")
    # Services lock rows and number items through this manager, after the caller's own access check.
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("代表建议")
        verbose_name_plural = _("代表建议")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["town", "year", "state"]),
            # The lists' order (newest year first, then newest item), alone and under a state filter. With
            # created_by last (after the unique id, so the order is unchanged), staff's count of what they may
            # see (not a draft, or their own draft) reads this index alone.
            models.Index(fields=["town", "-year", "-id"], name="sugg_town_year_idx"),
            models.Index(
                fields=["town", "state", "-year", "-id", "created_by"], name="sugg_town_state_year_idx"
            ),
            # The key suggestions (few) in the lists' order; the follow-ups due for checking.
            models.Index(fields=["town", "-year", "-id"], name="sugg_town_key_idx", condition=Q(is_key=True)),
            models.Index(fields=["town", "followup"], name="sugg_town_followup_idx"),
        ]
        constraints = [
            # One number per town and year (numbers are allocated from SuggestionCounter under a row lock).
            models.UniqueConstraint(
                fields=["town", "year", "number"], condition=~Q(number=""), name="suggestion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("suggestions:detail", kwargs={"pk": self.pk})


class SuggestionSigner(TownOwned):
    """A deputy signing a suggestion: the lead signer, or a co-signer who confirms."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="signers", verbose_name=_("建议")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="suggestion_signatures",
        verbose_name=_("代表"),
    )
    lead = models.BooleanField(_("领衔"), default=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("建议署名代表")
        verbose_name_plural = _("建议署名代表")
        ordering = ["suggestion_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "person"], name="suggestion_signer_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)


def attachment_path(instance, filename: str) -> str:
    return f"suggestions/{instance.town_id}/{instance.suggestion_id}/{filename}"


class AttachmentKind(models.TextChoices):
    MATERIAL = "material", _("附件材料")
    REPLY_LETTER = "reply_letter", _("答复函")


class SuggestionAttachment(TownOwned):
    """A file on a suggestion (image, PDF, Word); served only through an access-checked view."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("建议")
    )
    kind = models.CharField(
        _("类型"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.MATERIAL
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    mime = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("建议附件")
        verbose_name_plural = _("建议附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("suggestions:attachment", kwargs={"pk": self.pk})


class SuggestionAssignment(TownOwned):
    """One unit's part in handling a suggestion: the lead unit or a co-unit."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("建议")
    )
    unit = models.ForeignKey(
        "registry.HandlingUnit",
        on_delete=models.PROTECT,
        related_name="suggestion_assignments",
        verbose_name=_("承办单位"),
    )
    role = models.CharField(_("承办方式"), max_length=10, choices=UnitRole.choices)
    active = models.BooleanField(_("有效"), default=True)
    assigned_on = models.DateField(_("交办日期"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("交办人"),
    )
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签收人"),
    )
    returned_at = models.DateTimeField(_("退办时间"), null=True, blank=True)
    return_reason = models.TextField(_("退办理由"), blank=True)
    opinion = models.TextField(_("协办意见"), blank=True)
    opinion_at = models.DateTimeField(_("协办意见时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("建议交办")
        verbose_name_plural = _("建议交办")
        ordering = ["suggestion_id", "role", "id"]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.unit} · {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("suggestions:detail", kwargs={"pk": self.suggestion_id})


class SuggestionContact(TownOwned):
    """A contact of the handling unit with the deputy (联系沟通)."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("建议")
    )
    unit = models.ForeignKey(
        "registry.HandlingUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位")
    )
    # The handling round the contact belongs to: 1, or 2 for the re-handling after 不满意 (it needs its own).
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    date = models.DateField(_("日期"))
    way = models.CharField(_("方式"), max_length=20, choices=ContactWay.choices)
    summary = models.TextField(_("沟通情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("记录人"),
    )

    class Meta:
        verbose_name = _("联系沟通")
        verbose_name_plural = _("联系沟通")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_way_display()}"


class SuggestionExtension(TownOwned):
    """A unit's request for more time, approved or refused by town staff."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("建议")
    )
    unit = models.ForeignKey(
        "registry.HandlingUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位")
    )
    days = models.PositiveIntegerField(_("延期天数"))
    reason = models.TextField(_("延期理由"))
    state = models.CharField(
        _("状态"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("申请人"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.suggestion} +{self.days}"


class SuggestionReply(TownOwned):
    """The lead unit's reply: round 1, or round 2 after 不满意."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="replies", verbose_name=_("建议")
    )
    round = models.PositiveSmallIntegerField(_("答复轮次"), default=1)
    unit = models.ForeignKey(
        "registry.HandlingUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("答复单位")
    )
    outcome_class = models.CharField(_("办理结果类别"), max_length=5)
    text = models.TextField(_("答复内容"))
    letter = models.ForeignKey(
        SuggestionAttachment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复函"),
    )
    planned_date = models.DateField(_("计划完成日期"), null=True, blank=True)
    replied_on = models.DateField(_("答复日期"))
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    on_time = models.BooleanField(_("按期"), default=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("答复人"),
    )

    class Meta:
        verbose_name = _("建议答复")
        verbose_name_plural = _("建议答复")
        ordering = ["suggestion_id", "round"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="suggestion_reply_round")]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.round}"


class SuggestionFeedback(TownOwned):
    """One signer's feedback on one reply: two scores."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="feedbacks", verbose_name=_("建议")
    )
    reply = models.ForeignKey(
        SuggestionReply, on_delete=models.CASCADE, related_name="feedbacks", verbose_name=_("答复")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("代表")
    )
    work_score = models.CharField(_("对办理工作"), max_length=20, choices=Score.choices)
    result_score = models.CharField(_("对办理结果"), max_length=20, choices=Score.choices)
    comment = models.TextField(_("意见"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("填写人"),
    )

    class Meta:
        verbose_name = _("代表反馈")
        verbose_name_plural = _("代表反馈")
        ordering = ["reply_id", "id"]
        constraints = [models.UniqueConstraint(fields=["reply", "person"], name="suggestion_feedback_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_result_score_display()}"


class KeySupervisor(TownOwned):
    """A presidium member supervising a key suggestion (重点督办)."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="supervisors", verbose_name=_("建议")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="supervised_suggestions",
        verbose_name=_("督办人"),
    )

    class Meta:
        verbose_name = _("督办人")
        verbose_name_plural = _("督办人")
        ordering = ["suggestion_id", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "person"], name="key_supervisor_unique")]

    def __str__(self) -> str:
        return str(self.person)


class SupervisionKind(models.TextChoices):
    VISIT_UNIT = "visit_unit", _("走访承办单位")
    MEET_DEPUTY = "meet_deputy", _("约见代表")
    PHONE = "phone", _("电话督促")
    WRITTEN = "written", _("书面督办")
    SITE = "site", _("现场察看")


def supervision_path(instance, filename: str) -> str:
    return f"suggestions/{instance.town_id}/{instance.suggestion_id}/supervision/{filename}"


class SupervisionEntry(TownOwned):
    """What a presidium member supervising a key suggestion did (督办记录, Deputies Law Art. 52)."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="supervision_entries", verbose_name=_("建议")
    )
    supervisor = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="supervision_entries",
        verbose_name=_("督办人"),
    )
    kind = models.CharField(_("督办方式"), max_length=20, choices=SupervisionKind.choices)
    date = models.DateField(_("督办日期"))
    notes = models.TextField(_("督办情况"))
    attachment = models.FileField(_("附件"), upload_to=supervision_path, max_length=300, blank=True)
    attachment_name = models.CharField(_("附件名"), max_length=200, blank=True)
    attachment_mime = models.CharField(_("附件类型"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("记录人"),
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["suggestion", "-date"], name="supervision_sugg_date_idx"),
            # A supervisor's entries of a year (the performance record's count).
            models.Index(fields=["supervisor", "date"], name="supervision_person_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("suggestions:supervision", kwargs={"pk": self.suggestion_id})


class SupervisionFlag(TownOwned):
    """A key suggestion flagged to one of its supervisors as not supervised for a period (超过一个月未督办):
    one row per suggestion, supervisor and period, so the daily sweep tells each supervisor once a period."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="supervision_flags", verbose_name=_("建议")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("督办人")
    )
    flagged_on = models.DateField(_("提醒日期"))

    class Meta:
        verbose_name = _("未督办提醒")
        verbose_name_plural = _("未督办提醒")
        ordering = ["-flagged_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "person", "flagged_on"], name="supervision_flag_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.person} · {self.flagged_on}"


class SuggestionCounter(TownOwned):
    """The last number given to a town's suggestions of a year; the numbering service locks this row."""

    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用编号"), default=0)

    objects = ScopedManager(town="town")
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("建议编号计数")
        verbose_name_plural = _("建议编号计数")
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="suggestion_counter_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class KeyNotice(TownOwned):
    """The formal notice issuing a year's key suggestions (以文件形式予以明确)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveSmallIntegerField(_("文号序号"))
    doc_number = models.CharField(_("文号"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    deadline = models.DateField(_("办理期限"), null=True, blank=True)
    issued_at = models.DateTimeField(_("印发时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("印发人"),
    )
    suggestions = models.ManyToManyField(Suggestion, related_name="key_notices", verbose_name=_("重点建议"))

    class Meta:
        verbose_name = _("重点督办通知")
        verbose_name_plural = _("重点督办通知")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year", "sequence"], name="key_notice_unique_number")
        ]

    def __str__(self) -> str:
        return self.doc_number

    def get_absolute_url(self) -> str:
        return reverse("suggestions:key-notice", kwargs={"pk": self.pk})
