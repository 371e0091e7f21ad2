from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import selectors as agreement_selectors
from intercoop.agreements.forms import DATE
from intercoop.core import countries
from intercoop.core.forms import BootstrapFormMixin, set_queryset
from intercoop.mobility.models import (
    Competition,
    TrainingEvent,
)
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.forms import PartnerField


class TrainingForm(BootstrapFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("country or region where it is held"), choices=())

    class Meta:
        model = TrainingEvent
        fields = [
            "title",
            "title_en",
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
            "event_en",
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
