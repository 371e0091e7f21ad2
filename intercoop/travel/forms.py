from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.agreements.forms import DATE, PersonField
from intercoop.agreements.models import Agreement
from intercoop.core import countries
from intercoop.core.forms import BootstrapFormMixin, set_queryset, style_fields
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.models import Partner
from intercoop.travel import selectors
from intercoop.travel.models import (
    BudgetLine,
    FundSource,
    Objection,
    PlannedTrip,
    Purpose,
    TravelDocument,
    Trip,
)
from intercoop.travel.services import Destination, Line

DESTINATION_ROWS = 3


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        where = obj.org_unit.display_name if obj.org_unit_id and obj.org_unit else ""
        return f"{obj.display_name} · {where}" if where else obj.display_name


class PlannedTripField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlannedTrip) -> str:
        return (
            f"{obj.plan.year} · {obj.plan.org_unit} · {obj.title} ({obj.countries}, {obj.people}×{obj.days})"
        )


class TripForm(BootstrapFormMixin, forms.ModelForm):
    members = PeopleField(
        label=_("Delegation members"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    leader = PersonField(label=_("Leader of the delegation"), queryset=Person.objects.none())

    class Meta:
        model = Trip
        fields = [
            "title",
            "purpose",
            "org_unit",
            "applicant",
            "departure",
            "return_on",
            "inviting_partner",
            "agreement",
            "planned_trip",
            "fund_source",
            "led_by_school_leader",
            "itinerary",
        ]
        widgets = {"departure": DATE, "return_on": DATE, "itinerary": forms.Textarea(attrs={"rows": 4})}
        field_classes = {
            "org_unit": UnitChoiceField,
            "applicant": PersonField,
            "planned_trip": PlannedTripField,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trip = self.instance if self.instance.pk else None
        people = selectors.traveller_choices(user)
        set_queryset(self, "members", people)
        set_queryset(self, "leader", people)
        set_queryset(self, "applicant", people)
        set_queryset(self, "org_unit", selectors.unit_choices(user))
        set_queryset(self, "inviting_partner", selectors.inviting_partner_choices(user))
        set_queryset(self, "agreement", selectors.agreement_choices(user))
        set_queryset(self, "planned_trip", selectors.planned_trip_choices(user, trip))
        self.fields["inviting_partner"].required = False
        language_choices = [("", "—"), *countries.choices()]
        for i in range(1, DESTINATION_ROWS + 1):
            self.fields[f"country_{i}"] = forms.ChoiceField(
                label=_("Country %(n)s") % {"n": i}, choices=language_choices, required=i == 1
            )
            self.fields[f"city_{i}"] = forms.CharField(
                label=_("City %(n)s") % {"n": i}, required=False, max_length=100
            )
            self.fields[f"days_{i}"] = forms.IntegerField(
                label=_("Days in country %(n)s") % {"n": i}, required=i == 1, min_value=1, max_value=60
            )
        for item, label in BudgetLine.Item.choices:
            self.fields[f"amount_{item}"] = forms.DecimalField(
                label=label, required=False, min_value=Decimal(0), max_digits=12, decimal_places=2
            )
            self.fields[f"source_{item}"] = forms.ChoiceField(
                label=_("Fund source"), choices=FundSource.choices, required=False
            )
        style_fields(self.fields)
        if self.instance.pk and not self.is_bound:
            self._initial_children()

    def _initial_children(self) -> None:
        trip = self.instance
        for i, dest in enumerate(
            trip.destinations.filter(archived_at__isnull=True).order_by("position")[:DESTINATION_ROWS],
            start=1,
        ):
            self.initial.update(
                {f"country_{i}": dest.country, f"city_{i}": dest.city, f"days_{i}": dest.days}
            )
        for line in trip.budget_lines.filter(archived_at__isnull=True):
            self.initial[f"amount_{line.item}"] = line.amount
            self.initial[f"source_{line.item}"] = line.fund_source
        members = trip.members.filter(archived_at__isnull=True)
        self.initial["members"] = [m.person_id for m in members]
        leader = next((m.person_id for m in members if m.is_leader), None)
        self.initial["leader"] = leader

    def destination_rows(self) -> list[list[Any]]:
        return [
            [self[f"country_{i}"], self[f"city_{i}"], self[f"days_{i}"]]
            for i in range(1, DESTINATION_ROWS + 1)
        ]

    def budget_rows(self) -> list[list[Any]]:
        return [[self[f"amount_{item}"], self[f"source_{item}"]] for item in BudgetLine.Item.values]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in (*self.Meta.fields, "members", "leader")]

    def destinations(self) -> list[Destination]:
        data = self.cleaned_data
        return [
            Destination(
                country=data[f"country_{i}"],
                city=data.get(f"city_{i}") or "",
                days=data.get(f"days_{i}") or 0,
            )
            for i in range(1, DESTINATION_ROWS + 1)
            if data.get(f"country_{i}")
        ]

    def service_kwargs(self, actor: Any) -> dict[str, Any]:
        """The cleaned form as the trip services take it (``trip_create``, ``trip_update`` …)."""
        cleaned = self.cleaned_data
        return {
            "data": {k: cleaned[k] for k in TripForm.Meta.fields},
            "members": list(cleaned["members"]),
            "leader": cleaned["leader"],
            "destinations": self.destinations(),
            "lines": self.lines(),
            "actor": actor,
        }

    def lines(self) -> list[Line]:
        data = self.cleaned_data
        return [
            Line(
                item=item,
                amount=data[f"amount_{item}"],
                fund_source=data.get(f"source_{item}") or data["fund_source"],
            )
            for item in BudgetLine.Item.values
            if data.get(f"amount_{item}")
        ]


class PastTripForm(TripForm):
    """A trip that took place before it was in the system, entered by the office with the approval it had
    (issue 17 item 5); the same fields as an application, and its approval reference."""

    mission_number = forms.CharField(
        label=_("Mission approval number"),
        max_length=40,
        help_text=_("The reference of the approval the trip had (任务批件号)."),
    )
    mission_issued_on = forms.DateField(label=_("Approval issued on"), required=False, widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        style_fields({k: self.fields[k] for k in ("mission_number", "mission_issued_on")})
        if self.instance.pk and not self.is_bound:
            self.initial["mission_number"] = self.instance.mission_number
            self.initial["mission_issued_on"] = self.instance.mission_issued_on

    def main_fields(self) -> list[Any]:
        return [*super().main_fields(), self["mission_number"], self["mission_issued_on"]]

    def service_kwargs(self, actor: Any) -> dict[str, Any]:
        return {
            **super().service_kwargs(actor),
            "mission_number": self.cleaned_data["mission_number"],
            "mission_issued_on": self.cleaned_data.get("mission_issued_on"),
        }


class TripFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("status"), choices=[("", "—"), *Trip.Status.choices], required=False)
    purpose = forms.ChoiceField(label=_("purpose"), choices=[("", "—"), *Purpose.choices], required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    country = forms.ChoiceField(label=_("country"), choices=(), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", units)
        self.fields["country"].choices = [("", "—"), *countries.choices()]  # type: ignore[attr-defined]


class ObjectionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["received_on", "raised_by", "content"]
        widgets = {"received_on": DATE, "content": forms.Textarea(attrs={"rows": 2})}


class ResolveForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (Objection.Outcome.DISMISSED, Objection.Outcome.DISMISSED.label),
            (Objection.Outcome.UPHELD, Objection.Outcome.UPHELD.label),
        ],
    )
    resolution = forms.CharField(label=_("resolution"), widget=forms.Textarea(attrs={"rows": 2}))


class PassportForm(BootstrapFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("traveller"), queryset=Person.objects.none())
    document = forms.ChoiceField(label=_("document"), choices=TravelDocument.choices, required=False)
    issued_on = forms.DateField(label=_("handed out"), widget=DATE)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "person", people)


class ReturnForm(BootstrapFormMixin, forms.Form):
    returned_on = forms.DateField(label=_("returned"), widget=DATE)


class ReportForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("report"), widget=forms.Textarea(attrs={"rows": 6}))
    outcomes = forms.CharField(label=_("outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners met"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements signed or discussed"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    file = forms.FileField(
        label=_("Photos or files"), required=False, help_text=_("PDF, PNG or JPEG, at most 20 MB.")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "partners", partner_selectors.partner_choices(user))
        set_queryset(self, "agreements", selectors.agreement_choices(user))


class CancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)


class PlanLineForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PlannedTrip
        fields = ["title", "purpose", "countries", "month", "people", "days", "partner", "budget"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "partner", partner_selectors.partner_choices(user))
