from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import selectors as agreement_selectors
from intercoop.agreements.forms import DATE, PersonField
from intercoop.core import countries
from intercoop.core.forms import BootstrapFormMixin, set_queryset, style_fields
from intercoop.mobility.models import (
    Application,
    Competition,
    Direction,
    ExchangeCall,
    ForeignExpert,
    InternationalStudent,
    Mobility,
    MobilityType,
    ParticipantKind,
    TrainingEvent,
)
from intercoop.org import selectors as org_selectors
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.forms import PartnerField


class MobilityForm(BootstrapFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("country or region"), choices=())
    nationality = forms.ChoiceField(label=_("nationality"), choices=(), required=False)

    class Meta:
        model = Mobility
        fields = [
            "direction",
            "type",
            "person",
            "participant_label",
            "participant_kind",
            "nationality",
            "org_unit",
            "home_partner",
            "host_partner",
            "country",
            "city",
            "planned_start",
            "planned_end",
            "start_date",
            "end_date",
            "credits_planned",
            "credits_obtained",
            "funding",
            "grant_amount",
            "currency",
            "agreement",
            "project",
            "notes",
        ]
        widgets = {
            "planned_start": DATE,
            "planned_end": DATE,
            "start_date": DATE,
            "end_date": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "person": PersonField,
            "org_unit": UnitChoiceField,
            "home_partner": PartnerField,
            "host_partner": PartnerField,
        }

    def __init__(self, *args: Any, user: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "person", org_selectors.person_choices(user, keep=[self.instance.person_id]))
        set_queryset(self, "org_unit", units)
        partners = partner_selectors.partner_choices(user)
        set_queryset(self, "home_partner", partners)
        set_queryset(self, "host_partner", partners)
        set_queryset(self, "agreement", agreement_selectors.agreement_choices(user))
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]
        self.fields["nationality"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]
        self.fields["org_unit"].required = True


class MobilityFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    direction = forms.ChoiceField(
        label=_("direction"), choices=[("", "—"), *Direction.choices], required=False
    )
    type = forms.ChoiceField(label=_("type"), choices=[("", "—"), *MobilityType.choices], required=False)
    status = forms.ChoiceField(
        label=_("status"), choices=[("", "—"), *Mobility.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("participant kind"), choices=[("", "—"), *ParticipantKind.choices], required=False
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    country = forms.ChoiceField(label=_("country"), choices=(), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    partner = forms.IntegerField(required=False, widget=forms.HiddenInput)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    archived = forms.BooleanField(label=_("Archived"), required=False)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", units)
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]


class CancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


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


class TrainingForm(BootstrapFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("country or region where it is held"), choices=())

    class Meta:
        model = TrainingEvent
        fields = [
            "title",
            "org_unit",
            "partner",
            "host",
            "country",
            "language",
            "start_date",
            "end_date",
            "participants_count",
            "agreement",
            "notes",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"org_unit": UnitChoiceField, "partner": PartnerField}

    def __init__(self, *args: Any, user: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "org_unit", units)
        set_queryset(self, "partner", partner_selectors.partner_choices(user))
        set_queryset(self, "agreement", agreement_selectors.agreement_choices(user))
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]


class TraineesForm(BootstrapFormMixin, forms.Form):
    lines = forms.CharField(
        label=_("Trainees, one a line: name; nationality; organisation"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Ahmed Al-Harbi; SA; TVTC Riyadh"}),
    )


class CompetitionForm(BootstrapFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("country or region where it is held"), choices=())

    class Meta:
        model = Competition
        fields = [
            "event",
            "organiser",
            "country",
            "international",
            "held_on",
            "org_unit",
            "participants",
            "award_level",
            "award_title",
            "notes",
        ]
        widgets = {
            "held_on": DATE,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"org_unit": UnitChoiceField}

    def __init__(self, *args: Any, user: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "org_unit", units)
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]


class EventFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    country = forms.ChoiceField(label=_("country"), choices=(), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    awards = forms.BooleanField(label=_("Awards counted in the national table"), required=False)
    archived = forms.BooleanField(label=_("Archived"), required=False)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", units)
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]


PLACE_ROWS = 6


class CallForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ExchangeCall
        fields = [
            "title",
            "type",
            "org_unit",
            "opens_on",
            "closes_on",
            "mobility_start",
            "mobility_end",
            "min_year",
            "min_gpa",
            "language_requirement",
            "documents_required",
            "description",
        ]
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "mobility_start": DATE,
            "mobility_end": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"org_unit": UnitChoiceField}

    def __init__(self, *args: Any, user: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "org_unit", units)
        partners = partner_selectors.partner_choices(user)
        agreements = agreement_selectors.agreement_choices(user)
        for i in range(1, PLACE_ROWS + 1):
            self.fields[f"partner_{i}"] = PartnerField(
                label=_("Partner %(n)s") % {"n": i}, queryset=partners, required=i == 1
            )
            self.fields[f"places_{i}"] = forms.IntegerField(
                label=_("Places"), min_value=1, max_value=500, required=i == 1
            )
            self.fields[f"agreement_{i}"] = forms.ModelChoiceField(
                label=_("Agreement"), queryset=agreements, required=False
            )
        style_fields(self.fields)
        if self.instance.pk and not self.is_bound:
            for i, place in enumerate(
                self.instance.places.filter(archived_at__isnull=True)[:PLACE_ROWS], start=1
            ):
                self.initial[f"partner_{i}"] = place.partner_id
                self.initial[f"places_{i}"] = place.places
                self.initial[f"agreement_{i}"] = place.agreement_id

    @property
    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.Meta.fields]

    @property
    def place_rows(self) -> list[list[Any]]:
        return [
            [self[f"partner_{i}"], self[f"places_{i}"], self[f"agreement_{i}"]]
            for i in range(1, PLACE_ROWS + 1)
        ]

    def places(self) -> list[tuple[Any, int, Any]]:
        rows = []
        for i in range(1, PLACE_ROWS + 1):
            partner = self.cleaned_data.get(f"partner_{i}")
            if partner is not None:
                rows.append(
                    (
                        partner,
                        self.cleaned_data.get(f"places_{i}") or 0,
                        self.cleaned_data.get(f"agreement_{i}"),
                    )
                )
        return rows


class ApplicationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "first_choice",
            "second_choice",
            "year_of_study",
            "gpa",
            "language_level",
            "statement",
            "document",
        ]
        widgets = {"statement": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, call: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = call.places.filter(archived_at__isnull=True).select_related("partner")
        set_queryset(self, "first_choice", places)
        set_queryset(self, "second_choice", places)
        for name in ("first_choice", "second_choice"):
            field: Any = self.fields[name]
            field.label_from_instance = lambda p: f"{p.partner.display_name} ({p.partner.country})"
        self.fields["document"].help_text = _("PDF, PNG or JPEG, at most 20 MB.")
