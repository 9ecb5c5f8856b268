"""Registry forms: parse input only. Each takes `town` (the town being written to) and `user`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.access import grants_of, town_choices_for
from renda.core.models import Town
from renda.core.tenancy import form_choices
from renda.core.types import IdMultipleChoiceField
from renda.core.widgets import DateInput, form_widgets_fit

from .enums import Level, MandateStatus, Sector, UnitKind, VillageKind
from .models import (
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

DATE = DateInput()


def _formfield(db_field, **kwargs):
    """Related-record choices start from the plain base manager (the scoped default manager cannot be
    queried at import); TownBoundForm.__init__ then always narrows them to a town explicitly."""
    if db_field.is_relation and db_field.remote_field is not None:
        kwargs.setdefault("queryset", form_choices(db_field.remote_field.model))
    if db_field.many_to_many:
        kwargs.setdefault("form_class", IdMultipleChoiceField)
    return db_field.formfield(**kwargs)


class TownBoundForm(forms.ModelForm):
    """Limits every related-record choice to the town being written to, or to the user's towns."""

    class Meta:
        formfield_callback = _formfield

    def __init__(self, *args, town: Town | None = None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.town = town
        towns = [town.pk] if town is not None else list(grants_of(user).visible_town_ids)
        for f in self.fields.values():
            if hasattr(f, "queryset") and hasattr(f.queryset.model, "town"):
                f.queryset = f.queryset.filter(town__in=towns)
            w = f.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")
        form_widgets_fit(self)


class VillageForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = Village
        fields = ["code", "name", "kind"]


class TermForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = Term
        fields = ["number", "start_date", "end_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = False
        self.fields["end_date"].help_text = _("不填则按届期自动计算")


class ElectoralDistrictForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = ElectoralDistrict
        fields = ["term", "number", "name", "seats", "villages"]
        widgets = {"villages": forms.SelectMultiple(attrs={"size": 8})}


class PersonForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = Person
        fields = [
            "name", "gender", "birth_date", "ethnicity", "party", "id_number", "phone",
            "sector", "workplace", "expertise", "village",
        ]  # fmt: skip


class MandateForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = Mandate
        fields = ["person", "level", "electoral_district", "term_label", "start_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["electoral_district"].required = False
        self.fields["level"].initial = Level.TOWN


class MandateEndForm(forms.Form):
    status = forms.ChoiceField(
        label=_("终止方式"),
        choices=[c for c in MandateStatus.choices if c[0] != MandateStatus.SERVING],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    end_date = forms.DateField(label=_("终止日期"), widget=DATE)
    reason = forms.CharField(
        label=_("原因"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].widget.attrs["class"] = "form-control"


class PresidiumForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = Presidium
        fields = ["term", "chair_attends_party_committee"]


class PresidiumMemberForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = PresidiumMember
        fields = ["presidium", "person", "post", "full_time", "holds_government_post", "start_date"]


class DeputyGroupForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = DeputyGroup
        fields = ["name", "leader", "summariser", "members", "villages"]
        widgets = {
            "members": forms.SelectMultiple(attrs={"size": 10}),
            "villages": forms.SelectMultiple(attrs={"size": 6}),
        }


class LiaisonPostForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = LiaisonPost
        fields = ["kind", "name", "village", "address", "opening_hours", "electoral_districts"]


class HandlingUnitForm(TownBoundForm):
    class Meta(TownBoundForm.Meta):
        model = HandlingUnit
        fields = ["name", "kind", "contact_name", "contact_phone"]


# --- list filters (GET) ---


class FilterForm(forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.required = False
            f.widget.attrs.setdefault("class", "form-select form-select-sm")


def _blank(choices):
    return [("", _("全部"))] + list(choices)


class TownFilter(FilterForm):
    town = forms.ModelChoiceField(queryset=Town.objects.none(), label=_("镇（街道）"), empty_label=_("全部"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from renda.core.queries import towns_for

        self.fields["town"].queryset = towns_for(user=user) if user is not None else Town.objects.none()
        if user is None or len(town_choices_for(user)) < 2:
            del self.fields["town"]  # one town: nothing to choose (the list shows no town column either)


class VillageFilter(TownFilter):
    kind = forms.ChoiceField(choices=_blank(VillageKind.choices), label=_("类型"))


class MandateFilter(TownFilter):
    level = forms.ChoiceField(choices=_blank(Level.choices), label=_("层级"))
    status = forms.ChoiceField(choices=_blank(MandateStatus.choices), label=_("状态"))
    sector = forms.ChoiceField(choices=_blank(Sector.choices), label=_("界别"))


class UnitFilter(TownFilter):
    kind = forms.ChoiceField(choices=_blank(UnitKind.choices), label=_("类型"))
