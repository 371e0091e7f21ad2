from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from intercoop.core.forms import BootstrapFormMixin, set_queryset
from intercoop.core.roles import Role
from intercoop.org import selectors as org_selectors
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit, Person


class LoginForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        unit = obj.org_unit.display_name if obj.org_unit_id and obj.org_unit else obj.organisation
        return f"{obj.display_name} · {obj.get_kind_display()}" + (f" · {unit}" if unit else "")


class UserForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("display name"), max_length=150, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    person = PersonChoiceField(
        label=_("person"),
        required=False,
        queryset=Person.objects.none(),
        help_text=_("The person record this login belongs to (needed for teachers, students and mentors)."),
    )
    language = forms.ChoiceField(
        label=_("language"), required=False, choices=[("", _("Browser default")), *settings.LANGUAGES]
    )
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to create the account without a password for now."),
    )

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "person", org_selectors.person_choices(user))
        if editing:
            self.fields["username"].disabled = True
            del self.fields["password"]


class GrantForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("role"), choices=[(r.value, r.label) for r in Role if r != Role.SUPERVISOR]
    )
    org_unit = UnitChoiceField(
        label=_("org unit"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("Whole institution"),
        help_text=_(
            "College liaisons, approvers and project leads act for this unit and "
            "the units below it; without a unit, for the whole institution. "
            "A college liaison needs a unit."
        ),
    )

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "org_unit", units)


class PasswordSetForm(BootstrapFormMixin, forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
