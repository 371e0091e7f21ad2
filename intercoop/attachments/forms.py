from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.core.forms import BootstrapFormMixin


class AttachmentForm(BootstrapFormMixin, forms.Form):
    """Upload a file to a record: its kind among the owner's, and (where the owner has parts) what part."""

    kind = forms.ChoiceField(label=_("kind"))
    file = forms.FileField(label=_("File (PDF, PNG or JPEG, at most 20 MB)"))
    part = forms.TypedChoiceField(label=_("about"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        kinds: Sequence[tuple[str, Any]],
        parts: Iterable[Any] = (),
        part_label: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)  # type: ignore[attr-defined]
        parts = list(parts)
        self._parts = {p.pk: p for p in parts}
        if parts:
            self.fields["part"].choices = [("", "—"), *((p.pk, str(p)) for p in parts)]  # type: ignore[attr-defined]
            if part_label:
                self.fields["part"].label = part_label
        else:
            del self.fields["part"]

    def clean_part(self) -> Any:
        pk = self.cleaned_data.get("part")
        return self._parts.get(pk) if pk is not None else None
