"""The registry's aggregates described once for their pages and API (see .base)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.permissions import allowed

from .. import forms as f
from .. import queries as q
from .. import services as s
from ..enums import MandateStatus
from ..models import (
    DeputyGroup,
    ElectoralDistrict,
    HandlingUnit,
    LiaisonPost,
    Mandate,
    Person,
    Presidium,
    PresidiumMember,
    Term,
    Village,
)
from ..validators import mask_id_number, mask_phone
from .base import Column, Resource


def _by_town(qs, data):
    return qs.filter(town=data["town"]) if data.get("town") else qs


def _by(*names):
    def apply(qs, data):
        qs = _by_town(qs, data)
        for name in names:
            if data.get(name):
                qs = qs.filter(**{name: data[name]})
        return qs

    return apply


def _mandate_filters(qs, data):
    qs = _by("level", "status")(qs, data)
    return qs.filter(person__sector=data["sector"]) if data.get("sector") else qs


def _has_congress(town) -> bool:
    return town.has_congress


TOWN = Column("town", _("镇（街道）"))

village = Resource(
    key="village", model=Village, label=_("村（社区）"), url_segment="villages",
    visible_to=q.villages_visible_to,
    columns=[Column("name", _("名称"), link=True), Column("code", _("区划代码")), Column("kind", _("类型")), TOWN,
             Column("division_town", _("行政区划所属"))],
    search_fields=["name", "code"],
    form_class=f.VillageForm, edit_fields=["name", "kind"],
    create=lambda *, town, data, actor: s.village_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.village_update(village=obj, data=data, actor=actor),
    end=lambda *, obj, end_date, reason, actor: s.village_end(village=obj, end_date=end_date, reason=reason, actor=actor),
    is_ended=lambda o: not o.active,
    detail_fields=["name", "code", "kind", "town", "division_town", "active", "electoral_districts"],
    filter_form_class=f.VillageFilter, apply_filters=_by("kind"),
)  # fmt: skip

term = Resource(
    key="term", model=Term, label=_("届次"), url_segment="terms",
    visible_to=q.terms_visible_to,
    columns=[Column("label", _("届次"), link=True), TOWN, Column("start_date", _("开始日期")), Column("end_date", _("结束日期"))],
    search_fields=["town__name"],
    form_class=f.TermForm, town_filter=_has_congress,
    create=lambda *, town, data, actor: s.term_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.term_update(term=obj, data=data, actor=actor),
    detail_fields=["number", "town", "start_date", "end_date"],
    filter_form_class=f.TownFilter, apply_filters=_by_town,
)  # fmt: skip

electoral_district = Resource(
    key="electoraldistrict", model=ElectoralDistrict, label=_("选区"), url_segment="electoral-districts",
    visible_to=q.electoral_districts_visible_to,
    columns=[Column("number", _("选区号")), Column("name", _("名称"), link=True), TOWN, Column("term.label", _("届次")),
             Column("seats", _("应选名额")), Column("n_serving", _("在任代表")), Column("villages", _("覆盖村（社区）"))],
    search_fields=["name", "villages__name"],
    form_class=f.ElectoralDistrictForm, edit_fields=["number", "name", "seats", "villages"], town_filter=_has_congress,
    create=lambda *, town, data, actor: s.electoral_district_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.electoral_district_update(electoral_district=obj, data=data, actor=actor),
    detail_fields=["number", "name", "town", "term", "seats", "villages", "liaison_posts"],
    filter_form_class=f.TownFilter, apply_filters=_by_town,
)  # fmt: skip

person = Resource(
    key="person", model=Person, label=_("人员"), url_segment="persons",
    visible_to=q.persons_visible_to,
    columns=[Column("name", _("姓名"), link=True), Column("gender", _("性别")), TOWN, Column("sector", _("界别")),
             Column("workplace", _("工作单位及职务")), Column("village", _("所在村（社区）"))],
    search_fields=["name", "workplace", "expertise"],
    form_class=f.PersonForm,
    create=lambda *, town, data, actor: s.person_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.person_update(person=obj, data=data, actor=actor),
    detail_fields=["name", "gender", "birth_date", "ethnicity", "party", "sector", "workplace", "expertise",
                   "village", "town"],
    filter_form_class=f.TownFilter, apply_filters=_by_town,
    templates={"detail": "registry/person_detail.html"},
    masked={"id_number": mask_id_number, "phone": mask_phone},
    may_unmask=lambda user, obj: allowed(user, "registry.person_unmask", obj),
    unmasked=lambda *, obj, actor: s.person_pii_viewed(person=obj, actor=actor),
)  # fmt: skip

mandate = Resource(
    key="mandate", model=Mandate, label=_("代表"), url_segment="mandates",
    visible_to=q.mandates_visible_to,
    columns=[Column("person.name", _("姓名"), link=True), Column("level", _("层级")), TOWN,
             Column("electoral_district", _("选区")), Column("person.sector", _("界别")), Column("status", _("状态")),
             Column("start_date", _("起始日期"))],
    search_fields=["person__name", "person__workplace", "person__expertise"],
    form_class=f.MandateForm, edit_fields=["term_label", "start_date"],
    create=lambda *, town, data, actor: s.mandate_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.mandate_update(mandate=obj, data=data, actor=actor),
    end=lambda *, obj, end_date, reason, actor, status: s.mandate_end(
        mandate=obj, status=status, end_date=end_date, reason=reason, actor=actor),
    end_form_class=f.MandateEndForm,
    is_ended=lambda o: o.status != MandateStatus.SERVING,
    detail_fields=["person", "level", "town", "term", "term_label", "electoral_district", "seat", "status",
                   "start_date", "end_date", "end_reason"],
    filter_form_class=f.MandateFilter, apply_filters=_mandate_filters,
)  # fmt: skip

presidium = Resource(
    key="presidium", model=Presidium, label=_("主席团"), url_segment="presidiums",
    visible_to=q.presidiums_visible_to,
    columns=[Column("term", _("届次"), link=True), TOWN, Column("chair_attends_party_committee", _("主席列席党委会"))],
    search_fields=["town__name"],
    form_class=f.PresidiumForm, edit_fields=["chair_attends_party_committee"], town_filter=_has_congress,
    create=lambda *, town, data, actor: s.presidium_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.presidium_update(presidium=obj, data=data, actor=actor),
    detail_fields=["term", "town", "chair_attends_party_committee", "members"],
    filter_form_class=f.TownFilter, apply_filters=_by_town,
)  # fmt: skip

presidium_member = Resource(
    key="presidiummember", model=PresidiumMember, label=_("主席团成员"), url_segment="presidium-members",
    visible_to=q.presidium_members_visible_to,
    columns=[Column("person.name", _("姓名"), link=True), Column("post", _("职务")), TOWN,
             Column("full_time", _("专职专岗")), Column("holds_government_post", _("兼任政府职务")),
             Column("start_date", _("起始日期")), Column("end_date", _("终止日期"))],
    search_fields=["person__name"],
    form_class=f.PresidiumMemberForm, edit_fields=["post", "full_time", "holds_government_post", "start_date"],
    town_filter=_has_congress,
    create=lambda *, town, data, actor: s.presidium_member_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.presidium_member_update(member=obj, data=data, actor=actor),
    end=lambda *, obj, end_date, reason, actor: s.presidium_member_end(member=obj, end_date=end_date, reason=reason, actor=actor),
    is_ended=lambda o: o.end_date is not None,
    detail_fields=["person", "post", "presidium", "town", "full_time", "holds_government_post", "start_date",
                   "end_date", "end_reason"],
    filter_form_class=f.TownFilter, apply_filters=_by_town,
)  # fmt: skip

deputy_group = Resource(
    key="deputygroup", model=DeputyGroup, label=_("代表小组"), url_segment="deputy-groups",
    visible_to=q.deputy_groups_visible_to,
    columns=[Column("name", _("名称"), link=True), TOWN, Column("leader", _("组长")), Column("summariser", _("指定总结人")),
             Column("n_members", _("成员数"))],
    search_fields=["name", "members__name"],
    form_class=f.DeputyGroupForm,
    create=lambda *, town, data, actor: s.deputy_group_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.deputy_group_update(group=obj, data=data, actor=actor),
    end=lambda *, obj, end_date, reason, actor: s.deputy_group_end(group=obj, end_date=end_date, reason=reason, actor=actor),
    is_ended=lambda o: o.end_date is not None,
    detail_fields=["name", "town", "leader", "summariser", "members", "villages", "end_date", "end_reason"],
    filter_form_class=f.TownFilter, apply_filters=_by_town,
)  # fmt: skip

liaison_post = Resource(
    key="liaisonpost", model=LiaisonPost, label=_("联络站点"), url_segment="liaison-posts",
    visible_to=q.liaison_posts_visible_to,
    columns=[Column("name", _("名称"), link=True), Column("kind", _("类型")), TOWN, Column("village", _("所在村（社区）")),
             Column("opening_hours", _("开放时间")), Column("electoral_districts", _("服务选区"))],
    search_fields=["name", "address"],
    form_class=f.LiaisonPostForm,
    create=lambda *, town, data, actor: s.liaison_post_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.liaison_post_update(post=obj, data=data, actor=actor),
    end=lambda *, obj, end_date, reason, actor: s.liaison_post_end(post=obj, end_date=end_date, reason=reason, actor=actor),
    is_ended=lambda o: o.end_date is not None,
    detail_fields=["name", "kind", "town", "village", "address", "opening_hours", "electoral_districts", "end_date"],
    filter_form_class=f.TownFilter, apply_filters=_by_town,
)  # fmt: skip

handling_unit = Resource(
    key="handlingunit", model=HandlingUnit, label=_("承办单位"), url_segment="handling-units",
    visible_to=q.handling_units_visible_to,
    columns=[Column("name", _("名称"), link=True), Column("kind", _("类型")), TOWN, Column("contact_name", _("联系人")),
             Column("contact_phone", _("联系电话")), Column("end_date", _("停用日期"))],
    search_fields=["name", "contact_name"],
    form_class=f.HandlingUnitForm,
    create=lambda *, town, data, actor: s.handling_unit_create(town=town, data=data, actor=actor),
    update=lambda *, obj, data, actor: s.handling_unit_update(unit=obj, data=data, actor=actor),
    end=lambda *, obj, end_date, reason, actor: s.handling_unit_end(unit=obj, end_date=end_date, reason=reason, actor=actor),
    is_ended=lambda o: o.end_date is not None,
    detail_fields=["name", "kind", "town", "contact_name", "contact_phone", "end_date", "end_reason"],
    filter_form_class=f.UnitFilter, apply_filters=_by("kind"),
)  # fmt: skip

RESOURCES = [
    village, term, electoral_district, person, mandate, presidium, presidium_member, deputy_group, liaison_post,
    handling_unit,
]  # fmt: skip
