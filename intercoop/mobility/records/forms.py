from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import selectors as agreement_selectors
from intercoop.agreements.forms import DATE, PersonField
from intercoop.core import countries
from intercoop.core.forms import BootstrapFormMixin, set_queryset
from intercoop.mobility.models import (
    Direction,
    Mobility,
    MobilityType,
    ParticipantKind,
)
from intercoop.org import selectors as org_selectors
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit
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
            "host_name",
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
