from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.core.forms import BootstrapFormMixin, set_queryset
from intercoop.org.forms import UnitChoiceField
from intercoop.org.models import OrgUnit


class AdjustForm(BootstrapFormMixin, forms.Form):
    value = forms.DecimalField(label=_("reported value"), min_value=0, max_digits=14, decimal_places=2)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("evidence (PDF or image)"))
    org_unit = UnitChoiceField(label=_("college"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args: Any, colleges: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "org_unit", colleges)
        field = self.fields["org_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.empty_label = str(_("Whole institution"))


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
