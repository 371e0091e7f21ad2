from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.core.forms import BootstrapFormMixin, set_queryset, style_fields
from intercoop.indicators import registry
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit
from intercoop.planning.models import Plan, Scheme, Target


class PlanForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["kind", "title", "title_en", "first_year", "last_year", "org_unit", "status", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"org_unit": UnitChoiceField}

    def __init__(self, *args: Any, colleges: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "org_unit", colleges)


def indicator_choices(college_only: bool = False) -> list[tuple[str, str]]:
    return [(i.code, i.name) for i in registry.all_indicators() if not college_only or "college" in i.levels]


class TargetForm(BootstrapFormMixin, forms.ModelForm):
    indicator = forms.ChoiceField(label=_("indicator"), choices=())

    class Meta:
        model = Target
        fields = ["part", "indicator", "year", "org_unit", "value"]
        field_classes = {"org_unit": UnitChoiceField}

    def __init__(self, *args: Any, colleges: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "—"), *indicator_choices()]  # type: ignore[attr-defined]
        set_queryset(self, "org_unit", colleges)
        self.fields["org_unit"].empty_label = str(_("Whole institution"))  # type: ignore[attr-defined]


class SchemeForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    method = forms.ChoiceField(label=_("scoring method"), choices=Scheme.Method.choices)
    per_hundred = forms.BooleanField(
        label=_("normalise by college size"),
        required=False,
        help_text=_(
            "Compare values per 100 teachers and students of the college (not with the target method)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = [code for code, _label in indicator_choices(college_only=True)]
        for code, label in indicator_choices(college_only=True):
            self.fields[f"weight_{code}"] = forms.DecimalField(
                label=label, required=False, min_value=0, max_value=100, decimal_places=2
            )
            self.fields[f"thresholds_{code}"] = forms.CharField(
                label=_("thresholds"), required=False, help_text=_("e.g. 1:60, 5:80, 10:100")
            )
        style_fields(self.fields)

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"weight_{code}"], self[f"thresholds_{code}"]) for code in self.codes]


def parse_thresholds(text: str) -> list[list[str]]:
    """``"1:60, 5:80"`` → ``[["1", "60"], ["5", "80"]]`` (checked by the service)."""
    pairs = []
    for part in (text or "").replace("，", ",").replace("：", ":").split(","):
        part = part.strip()
        if part:
            value, _sep, score = part.partition(":")
            pairs.append([value.strip(), score.strip()])
    return pairs


def format_thresholds(pairs: list[list[float]]) -> str:
    return ", ".join(f"{value:g}:{score:g}" for value, score in pairs)
