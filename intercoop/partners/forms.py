from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.core import countries
from intercoop.core.forms import BootstrapFormMixin
from intercoop.partners.models import Partner, PartnerContact
from intercoop.partners.services import CONTACT_FIELDS, PARTNER_FIELDS


class PartnerField(forms.ModelChoiceField):
    """A partner picker showing the partner's name and country."""

    def label_from_instance(self, obj: Partner) -> str:
        return f"{obj.display_name} ({obj.country})"


class PartnerForm(BootstrapFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("country or region"), choices=())
    website = forms.URLField(label=_("website"), required=False, max_length=300, assume_scheme="https")
    confirm_not_duplicate = forms.BooleanField(
        label=_("I checked: this is another organisation than the similar partners listed."), required=False
    )

    class Meta:
        model = Partner
        fields = list(PARTNER_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *countries.choices()]
        if self.instance.pk:
            del self.fields["confirm_not_duplicate"]


class ContactForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = list(CONTACT_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class PartnerFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("All kinds")), *Partner.Kind.choices]
    )
    country = forms.ChoiceField(label=_("country or region"), required=False, choices=())
    belt_and_road = forms.BooleanField(label=_("Belt and Road only"), required=False)
    archived = forms.BooleanField(label=_("Archived"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", _("All countries")), *countries.choices()]


class MergeForm(BootstrapFormMixin, forms.Form):
    source = forms.IntegerField(label=_("Number of the duplicate"), min_value=1)
