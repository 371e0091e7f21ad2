from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from intercoop.approvals import selectors
from intercoop.approvals.models import ChainStep
from intercoop.core.forms import BootstrapFormMixin, set_queryset
from intercoop.org import selectors as org_selectors
from intercoop.org.forms import UnitChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for revision")), ("reject", _("Reject"))],
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachment = forms.FileField(label=_("Attachment"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChainStepForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ChainStep
        fields = ["name", "name_en", "role", "level", "org_unit", "condition", "threshold", "countries"]
        field_classes = {"org_unit": UnitChoiceField}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "org_unit", org_selectors.unit_choices(user))


class DelegationForm(BootstrapFormMixin, forms.Form):
    delegate = forms.ModelChoiceField(label=_("substitute"), queryset=get_user_model().objects.none())
    starts_on = forms.DateField(label=_("from"), widget=DATE)
    ends_on = forms.DateField(label=_("to"), widget=DATE)
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "delegate", selectors.delegate_choices(user))
