from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.agreements.forms import DATE, PersonField
from intercoop.core import countries
from intercoop.core.forms import BootstrapFormMixin, set_queryset
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite
from intercoop.influence.services import FIELDS
from intercoop.org import selectors as org_selectors
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.forms import PartnerField


class _EntryForm(BootstrapFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("country or region"), choices=())
    evidence_file = forms.FileField(label=_("evidence (PDF or image)"), required=False)

    def __init__(self, *args: Any, user: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]
        self.fields["country"].label = self._meta.model._meta.get_field("country").verbose_name
        set_queryset(self, "org_unit", units)
        if "partner" in self.fields:
            set_queryset(self, "partner", partner_selectors.partner_choices(user).exclude(country="CN"))


class PostForm(_EntryForm):
    class Meta:
        model = OrganisationPost
        fields = list(FIELDS[OrganisationPost])
        widgets = {"start_on": DATE, "end_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"org_unit": UnitChoiceField, "person": PersonField}

    def __init__(self, *args: Any, user: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, user=user, units=units, **kwargs)
        people = org_selectors.person_choices(
            user, kinds=[Person.Kind.TEACHER], keep=[self.instance.person_id]
        )
        set_queryset(self, "person", people.filter(org_unit__in=[u.pk for u in units]))
        self.fields["org_unit"].required = False
        self.fields["org_unit"].help_text = _("Empty: the teacher's own college.")


class StandardForm(_EntryForm):
    class Meta:
        model = AdoptedStandard
        fields = list(FIELDS[AdoptedStandard])
        widgets = {"adopted_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"org_unit": UnitChoiceField, "partner": PartnerField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].label = _("evidence of adoption (PDF or image)")
        self.fields["evidence_file"].required = not (self.instance and self.instance.evidence_id)


class SiteForm(_EntryForm):
    class Meta:
        model = OverseasSite
        fields = list(FIELDS[OverseasSite])
        widgets = {"opened_on": DATE, "closed_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"org_unit": UnitChoiceField, "partner": PartnerField}


FORMS: dict[str, type[_EntryForm]] = {"posts": PostForm, "standards": StandardForm, "sites": SiteForm}


class FilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    country = forms.ChoiceField(label=_("country"), choices=(), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    archived = forms.BooleanField(label=_("Archived"), required=False)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", units)
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]
