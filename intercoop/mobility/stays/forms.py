from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.agreements.forms import DATE, PersonField
from intercoop.core import countries
from intercoop.core.forms import BootstrapFormMixin, set_queryset
from intercoop.mobility.models import (
    ForeignExpert,
    InternationalStudent,
)
from intercoop.org import selectors as org_selectors
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.forms import PartnerField


class StayFormMixin(BootstrapFormMixin):
    def limit(self, user: Any, units: list[OrgUnit]) -> None:
        form: Any = self
        people = org_selectors.person_choices(user)
        set_queryset(form, "person", people.exclude(nationality="CN"))
        set_queryset(form, "responsible", people.filter(nationality="CN").exclude(kind=Person.Kind.STUDENT))
        set_queryset(form, "org_unit", units)
        set_queryset(form, "home_partner", partner_selectors.partner_choices(user))


STAY_WIDGETS = {
    "entry_date": DATE,
    "accommodation_registered_on": DATE,
    "residence_permit_expiry": DATE,
    "insurance_until": DATE,
    "notes": forms.Textarea(attrs={"rows": 2}),
}
STAY_CLASSES = {
    "person": PersonField,
    "responsible": PersonField,
    "org_unit": UnitChoiceField,
    "home_partner": PartnerField,
}


class StudentForm(StayFormMixin, forms.ModelForm):
    class Meta:
        model = InternationalStudent
        fields = [
            "person",
            "org_unit",
            "programme",
            "programme_name",
            "full_time",
            "enrolled_on",
            "expected_end",
            "status",
            "left_on",
            "home_partner",
            "scholarship",
            "visa_type",
            "entry_date",
            "accommodation_registered_on",
            "residence_permit_number",
            "residence_permit_expiry",
            "insurance_until",
            "responsible",
            "notes",
        ]
        widgets = {**STAY_WIDGETS, "enrolled_on": DATE, "expected_end": DATE, "left_on": DATE}
        field_classes = STAY_CLASSES

    def __init__(self, *args: Any, user: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit(user, units)


class ExpertForm(StayFormMixin, forms.ModelForm):
    class Meta:
        model = ForeignExpert
        fields = [
            "person",
            "kind",
            "org_unit",
            "contract_start",
            "contract_end",
            "home_partner",
            "visa_type",
            "entry_date",
            "work_permit_number",
            "work_permit_expiry",
            "accommodation_registered_on",
            "residence_permit_number",
            "residence_permit_expiry",
            "insurance_until",
            "courses",
            "evaluation_score",
            "evaluation",
            "responsible",
            "notes",
        ]
        widgets = {
            **STAY_WIDGETS,
            "contract_start": DATE,
            "contract_end": DATE,
            "work_permit_expiry": DATE,
            "courses": forms.Textarea(attrs={"rows": 2}),
            "evaluation": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = STAY_CLASSES

    def __init__(self, *args: Any, user: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit(user, units)


class StayFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("status"), choices=[("", "—"), *InternationalStudent.Status.choices], required=False
    )
    programme = forms.ChoiceField(
        label=_("programme kind"),
        choices=[("", "—"), *InternationalStudent.Programme.choices],
        required=False,
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    country = forms.ChoiceField(label=_("nationality"), choices=(), required=False)
    counted = forms.DateField(required=False, widget=forms.HiddenInput)
    archived = forms.BooleanField(label=_("Archived"), required=False)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", units)
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]
