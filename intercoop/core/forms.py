"""Form helpers shared by every app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, QuerySet, Value, When

from intercoop.core.bounds import DATE_MAX, DATE_MIN
from intercoop.core.errors import DomainError
from intercoop.core.text import control_character, control_character_message


def style_fields(fields: dict[str, forms.Field]) -> None:
    """Give these fields' widgets Bootstrap's classes (for fields added after the form was built)."""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        if isinstance(widget, forms.DateInput) and getattr(widget, "input_type", "") == "date":
            # the browser's date picker keeps within the plausible dates (core.bounds)
            widget.attrs.setdefault("min", DATE_MIN.isoformat())
            widget.attrs.setdefault("max", DATE_MAX.isoformat())
        if css not in widget.attrs.get("class", "").split():
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(getattr(self, "fields", {}))

    def _clean_fields(self) -> None:
        """Each field as Django cleans it, then the one rule for incoming text (``core.text``): a control
        character is an error on its field."""
        super()._clean_fields()  # type: ignore[misc]
        cleaned: dict[str, Any] = getattr(self, "cleaned_data", {})
        for name, value in list(cleaned.items()):
            texts = value if isinstance(value, list | tuple) else [value]
            for text in texts:
                code = control_character(text) if isinstance(text, str) else None
                if code:
                    self.add_error(name, control_character_message(code))
                    break

    def add_error(self, field: str | None, error: Any) -> None:
        """Record the error and mark every field in error with Bootstrap's ``is-invalid``."""
        super().add_error(field, error)  # type: ignore[misc]
        fields: dict[str, forms.Field] = getattr(self, "fields", {})
        for name in getattr(self, "_errors", None) or {}:
            if name in fields and "is-invalid" not in fields[name].widget.attrs.get("class", ""):
                fields[name].widget.attrs["class"] = (
                    fields[name].widget.attrs.get("class", "") + " is-invalid"
                )


def add_domain_error(form: forms.BaseForm, error: DomainError | ValidationError) -> None:
    """Show a service's error on the form, beside its field when the field is on the form."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return
    target = error.field if error.field in form.fields else None
    form.add_error(target, str(error.message))


def set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any] | Sequence[Any]) -> None:
    """Limit a model-choice field to the rows the user may pick: a choices selector's queryset, or its list
    (unit lists come in tree order, which the field keeps)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    if isinstance(queryset, QuerySet):
        field.queryset = queryset
        return
    assert field.queryset is not None
    model = field.queryset.model
    keys = [obj.pk for obj in queryset]
    order = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(keys)], default=Value(len(keys)))
    field.queryset = model._default_manager.filter(pk__in=keys).order_by(order)
