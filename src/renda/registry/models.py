"""The organisation registry (C1) the Open Civic Data way: a Seat exists apart from the Person,
a dated Mandate links them, and ending a mandate never rewrites history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import Town, division_code_validator
from renda.core.tenancy import TownOwned

from .enums import Gender, Level, LiaisonPostKind, MandateStatus, PresidiumPost, Sector, UnitKind, VillageKind
from .validators import validate_id_number, validate_mobile, validate_phone

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 19 -> 十九, 21 -> 二十一 (for 第X届)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


class Village(TownOwned):
    """A village (村) or community (社区). `town` is the town it belongs to for congress purposes;
    `division_town` is its official township-level parent (they differ under 区镇合一)."""

    division_town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="division_villages", verbose_name=_("行政区划所属")
    )
    code = models.CharField(
        _("统计用区划代码"), max_length=12, unique=True, validators=[division_code_validator]
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(
        _("类型"), max_length=20, choices=VillageKind.choices, default=VillageKind.VILLAGE
    )
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("村（社区）")
        verbose_name_plural = _("村（社区）")
        ordering = ["code"]
        indexes = [models.Index(fields=["town", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def attached(self) -> bool:
        return self.town_id != self.division_town_id


class Term(TownOwned):
    """A term (届) of a town congress."""

    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["town", "-number"]
        constraints = [models.UniqueConstraint(fields=["town", "number"], name="term_unique_number")]

    def __str__(self) -> str:
        return _("%(town)s第%(n)s届人民代表大会") % {"town": self.town.name, "n": chinese_number(self.number)}

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        low = settings.RENDA["YEAR_MIN"]
        if self.start_date and self.start_date.year < low:
            raise ValidationError({"start_date": _("届的开始日期不能早于 %(year)s 年") % {"year": low}})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期")})

    @property
    def label(self) -> str:
        return _("第%(n)s届") % {"n": chinese_number(self.number)}


class ElectoralDistrict(TownOwned):
    """An electoral district (选区) of one town and term, covering villages, electing 1-3 deputies."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="electoral_districts", verbose_name=_("届")
    )
    number = models.PositiveSmallIntegerField(_("选区号"))
    name = models.CharField(_("名称"), max_length=100)
    seats = models.PositiveSmallIntegerField(_("应选代表名额"), default=1)
    villages = models.ManyToManyField(
        Village, related_name="electoral_districts", blank=True, verbose_name=_("覆盖村（社区）")
    )

    class Meta:
        verbose_name = _("选区")
        verbose_name_plural = _("选区")
        ordering = ["town", "term", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="electoral_district_unique_number")
        ]

    def __str__(self) -> str:
        return _("第%(n)s选区（%(name)s）") % {"n": self.number, "name": self.name}


class Seat(TownOwned):
    """A seat of an electoral district; it exists whether or not anyone holds it."""

    electoral_district = models.ForeignKey(
        ElectoralDistrict, on_delete=models.PROTECT, related_name="seat_set", verbose_name=_("选区")
    )
    number = models.PositiveSmallIntegerField(_("席位号"))

    class Meta:
        verbose_name = _("席位")
        verbose_name_plural = _("席位")
        ordering = ["electoral_district_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["electoral_district", "number"], name="seat_unique_number")
        ]

    def __str__(self) -> str:
        return _("%(ed)s 第%(n)s席") % {"ed": self.electoral_district, "n": self.number}


class Person(TownOwned):
    """A natural person; deputyships are Mandates. ID and phone are stored once and shown masked."""

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    party = models.CharField(_("政治面貌"), max_length=30, blank=True)
    id_number = models.CharField(
        _("身份证号"), max_length=18, blank=True, null=True, validators=[validate_id_number]
    )
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[validate_mobile])
    sector = models.CharField(_("界别（职业）"), max_length=30, choices=Sector.choices, blank=True)
    workplace = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    expertise = models.CharField(_("专长标签"), max_length=200, blank=True, help_text=_("以顿号或逗号分隔"))
    village = models.ForeignKey(
        Village,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("所在村（社区）"),
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["town", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["town", "id_number"], name="person_unique_id_number_per_town")
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def choice_queryset(cls, qs):
        """What choice_label reads, in two queries for the whole list (form_widgets_fit applies it)."""
        from .queries import persons_for_choices  # the queries module reads these models

        return persons_for_choices(qs)

    def choice_label(self) -> str:
        """How a person reads in pickers and choice lists, so that two of the same name can be told apart:
        the name with the village and the levels of the serving mandates, "王伟（一村，镇级代表）"."""
        # Only what choice_queryset loaded: a list of sixty names never costs a query per name.
        mandates = getattr(self, "serving_mandates", [])
        order = list(Level.values)
        levels = sorted({m.level for m in mandates}, key=order.index)
        village = self._state.fields_cache.get("village")
        parts = [village.name] if village is not None else []
        if levels:
            parts.append("、".join(_("%(level)s代表") % {"level": Level(lv).label} for lv in levels))
        if not parts:
            return self.name
        return _("%(name)s（%(details)s）") % {"name": self.name, "details": _("，").join(parts)}

    @property
    def expertise_tags(self) -> list[str]:
        return [
            t.strip() for t in self.expertise.replace("，", ",").replace("、", ",").split(",") if t.strip()
        ]


class Mandate(TownOwned):
    """A dated deputyship at town, district or city level. Ending one sets status and dates, nothing else."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("人员")
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices, default=Level.TOWN)
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("届（镇级）"),
    )
    term_label = models.CharField(_("届次（区、市级）"), max_length=30, blank=True)
    electoral_district = models.ForeignKey(
        ElectoralDistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("选区"),
    )
    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates", verbose_name=_("席位")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=MandateStatus.choices, default=MandateStatus.SERVING
    )
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("代表资格")
        verbose_name_plural = _("代表资格")
        ordering = ["town", "level", "person__name"]
        indexes = [models.Index(fields=["town", "level", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["seat"], condition=models.Q(status="serving"), name="mandate_one_serving_per_seat"
            ),
            models.UniqueConstraint(
                fields=["person", "level"],
                condition=models.Q(status="serving"),
                name="mandate_one_serving_per_person_level",
            ),
        ]

    def __str__(self) -> str:
        return _("%(person)s（%(level)s代表）") % {
            "person": self.person.name,
            "level": self.get_level_display(),
        }


class Presidium(TownOwned):
    """The presidium (主席团) of a town congress for one term."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="presidiums", verbose_name=_("届"))
    chair_attends_party_committee = models.BooleanField(_("主席列席党委会"), default=False)

    class Meta:
        verbose_name = _("主席团")
        verbose_name_plural = _("主席团")
        constraints = [models.UniqueConstraint(fields=["term"], name="presidium_one_per_term")]

    def __str__(self) -> str:
        return _("%(term)s主席团") % {"term": self.term}


class PresidiumMember(TownOwned):
    presidium = models.ForeignKey(
        Presidium, on_delete=models.PROTECT, related_name="members", verbose_name=_("主席团")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="presidium_posts", verbose_name=_("人员")
    )
    post = models.CharField(
        _("职务"), max_length=20, choices=PresidiumPost.choices, default=PresidiumPost.MEMBER
    )
    full_time = models.BooleanField(_("专职专岗"), default=False)
    holds_government_post = models.BooleanField(_("兼任政府职务"), default=False)
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("主席团成员")
        verbose_name_plural = _("主席团成员")
        ordering = ["presidium_id", "post", "person__name"]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_post_display()}）"


class DeputyGroup(TownOwned):
    """A deputy group (代表小组): city, district and town deputies of one area, three or more."""

    name = models.CharField(_("名称"), max_length=100)
    leader = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("组长")
    )
    summariser = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("指定总结人"),
    )
    members = models.ManyToManyField(Person, related_name="deputy_groups", blank=True, verbose_name=_("成员"))
    villages = models.ManyToManyField(
        Village, related_name="deputy_groups", blank=True, verbose_name=_("联系村（社区）")
    )
    end_date = models.DateField(_("撤销日期"), null=True, blank=True)
    end_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("代表小组")
        verbose_name_plural = _("代表小组")
        ordering = ["town", "name"]

    def __str__(self) -> str:
        return self.name


class LiaisonPost(TownOwned):
    """A deputies' home, workstation, studio or service centre."""

    kind = models.CharField(_("类型"), max_length=20, choices=LiaisonPostKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaison_posts",
        verbose_name=_("所在村（社区）"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    electoral_districts = models.ManyToManyField(
        ElectoralDistrict, related_name="liaison_posts", blank=True, verbose_name=_("服务选区")
    )
    end_date = models.DateField(_("撤销日期"), null=True, blank=True)
    end_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("联络站点")
        verbose_name_plural = _("联络站点")
        ordering = ["town", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class HandlingUnit(TownOwned):
    """A handling unit (承办单位) this town assigns work to."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    end_date = models.DateField(_("停用日期"), null=True, blank=True)
    end_reason = models.CharField(_("停用原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["town", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["town", "name"], name="unit_unique_name_per_town")]

    def __str__(self) -> str:
        return self.name


def congress_size_limit(population: int | None) -> int | None:
    """45 + one per 1,500 residents, at most 160 (numbers from configuration)."""
    if population is None:
        return None
    cfg = settings.RENDA
    return min(
        cfg["CONGRESS_BASE_SEATS"] + population // cfg["CONGRESS_RESIDENTS_PER_EXTRA_SEAT"],
        cfg["CONGRESS_MAX_SEATS"],
    )
