from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.core import countries
from intercoop.core.forms import BootstrapFormMixin, set_queryset, style_fields
from intercoop.org.models import OrgUnit, Person
from intercoop.org.services import PERSON_FIELDS, UNIT_FIELDS


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u2003" * obj.depth + obj.display_name


class PersonForm(BootstrapFormMixin, forms.ModelForm):
    nationality = forms.ChoiceField(label=_("nationality"), choices=())

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"org_unit": UnitChoiceField}

    def __init__(self, *args: Any, units: list[OrgUnit], show_sensitive: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nationality = self.fields["nationality"]
        assert isinstance(nationality, forms.ChoiceField)
        nationality.choices = countries.choices()
        set_queryset(self, "org_unit", units)
        self.fields["org_unit"].required = False
        if not show_sensitive:
            for name in Person.SENSITIVE_FIELDS:
                del self.fields[name]

    def clean_nationality(self) -> str:
        return countries.normalise(self.cleaned_data["nationality"])


class UnitForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = list(UNIT_FIELDS)
        field_classes = {"parent": UnitChoiceField}

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "parent", units)
        self.fields["parent"].required = False


class PersonFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("All kinds")), *Person.Kind.choices]
    )
    unit = UnitChoiceField(
        label=_("org unit"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("All units")
    )
    foreign = forms.BooleanField(label=_("Foreign nationals only"), required=False)
    archived = forms.BooleanField(label=_("Archived"), required=False)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", units)


class InstitutionSettingsForm(BootstrapFormMixin, forms.Form):
    """One field per declared setting (``core.settings_registry``), each checked by its declaration."""

    def __init__(self, *args: Any, institution: Any, **kwargs: Any) -> None:
        from intercoop.core import settings_registry

        super().__init__(*args, **kwargs)
        self.settings = settings_registry.all_settings()
        for setting in self.settings:
            current = setting.current(institution.settings)
            field: forms.Field
            if setting.kind == "bool":
                field = forms.BooleanField(required=False)
            elif setting.kind == "int":  # checked by the declaration, as the API's values are
                field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}))
            else:
                field = forms.CharField(required=False, max_length=setting.max_length)
            field.label = setting.label
            field.help_text = setting.help or ("08-31" if setting.kind == "month_day" else "")
            field.initial = current
            self.fields[setting.key] = field
        style_fields(self.fields)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for setting in self.settings:
            if setting.key in cleaned and setting.key not in self.errors:
                try:
                    cleaned[setting.key] = setting.parse(cleaned[setting.key])
                except ValueError as exc:
                    self.add_error(setting.key, str(exc))
        return cleaned

    def groups(self) -> list[tuple[Any, list[Any]]]:
        out: dict[str, tuple[Any, list[Any]]] = {}
        for setting in self.settings:
            out.setdefault(setting.section, (setting.group or setting.section, []))[1].append(
                self[setting.key]
            )
        return list(out.values())
