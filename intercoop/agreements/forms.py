from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import selectors
from intercoop.agreements.models import Agreement, Condition, Interaction, Obligation
from intercoop.agreements.selectors import Health
from intercoop.agreements.services import AGREEMENT_FIELDS, CONDITION_FIELDS, INTERACTION_FIELDS
from intercoop.core.forms import BootstrapFormMixin, set_queryset
from intercoop.org import selectors as org_selectors
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.models import Partner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return f"{obj.display_name} ({obj.country})"


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        where = obj.org_unit.display_name if obj.org_unit_id and obj.org_unit else obj.organisation
        return f"{obj.display_name} · {where}" if where else obj.display_name


class UnitMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u2003" * obj.depth + obj.display_name


class AgreementForm(BootstrapFormMixin, forms.ModelForm):
    partners = PartnerMultipleField(
        label=_("Partners (parties)"),
        queryset=Partner.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    units = UnitMultipleField(
        label=_("Owning colleges"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Agreement
        fields = list(AGREEMENT_FIELDS)
        widgets = {
            "signed_on": DATE,
            "valid_from": DATE,
            "valid_to": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"school_responsible": PersonField, "college_responsible": PersonField}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "partners", partner_selectors.partner_choices(user))
        units = org_selectors.unit_choices(user, kinds=selectors.OWNER_KINDS)
        set_queryset(self, "units", units)
        people = org_selectors.person_choices(
            user,
            kinds=[Person.Kind.STAFF, Person.Kind.TEACHER],
            keep=[self.instance.school_responsible_id, self.instance.college_responsible_id],
        )
        set_queryset(self, "school_responsible", people)
        set_queryset(self, "college_responsible", people)
        others = selectors.agreement_choices(user)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        set_queryset(self, "framework", others.filter(type=Agreement.Type.MOU))
        set_queryset(self, "predecessor", others)


class StepForm(BootstrapFormMixin, forms.Form):
    step = forms.ChoiceField(
        choices=[(s, s) for s in ("submit", "approve", "return", "sign", "activate", "terminate")]
    )
    expected_status = forms.CharField(required=False)
    note = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signed_on = forms.DateField(label=_("signed on"), required=False, widget=DATE)


class ConditionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Condition
        fields = list(CONDITION_FIELDS)


class ObligationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["title", "party", "responsible", "due_on", "status", "done_on", "notes"]
        widgets = {"due_on": DATE, "done_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"responsible": PersonField}

    def __init__(self, *args: Any, agreement: Agreement, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "party", selectors.party_choices(agreement))
        set_queryset(
            self, "responsible", org_selectors.person_choices(user, keep=[self.instance.responsible_id])
        )


class InteractionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Interaction
        fields = list(INTERACTION_FIELDS)
        widgets = {"occurred_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class AgreementFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All statuses")), *Agreement.Status.choices]
    )
    type = forms.ChoiceField(
        label=_("type"), required=False, choices=[("", _("All types")), *Agreement.Type.choices]
    )
    health = forms.ChoiceField(
        label=_("Health"), required=False, choices=[("", _("Any health")), *Health.CHOICES]
    )
    unit = UnitChoiceField(
        label=_("Owning college"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("All colleges"),
    )

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", units)
