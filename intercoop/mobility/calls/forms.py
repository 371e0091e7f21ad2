from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import selectors as agreement_selectors
from intercoop.agreements.forms import DATE
from intercoop.core.forms import BootstrapFormMixin, set_queryset, style_fields
from intercoop.mobility.models import (
    Application,
    ExchangeCall,
)
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.forms import PartnerField

PLACE_ROWS = 6


class CallForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ExchangeCall
        fields = [
            "title",
            "title_en",
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
