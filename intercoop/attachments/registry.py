"""The records that carry files, as each app declares them (``<app>/attachables.py``, ``ATTACHABLES``).

An ``Attachable`` says, for one model, everything the attachments subsystem needs and nothing else:

* ``kinds``: what a file can be on this record (an invitation letter, a signed copy, evidence…);
* ``readable(user, pk)``: the owner's access function: the owner, or ``Http404`` for "missing" and "not
  yours" alike. Serving a file asks it, so a file is never seen by someone who cannot see its record;
* ``may_change(user, owner, part)``: whether the user may attach files to the owner or archive them here.
  ``None`` for files that are only set through the owner's own service (the evidence of a register entry,
  the attachment of an approval decision): their owner's service checks the actor;
* ``parts(owner)``: the named parts of the owner a file may be about (an agreement's obligations);
* ``back(owner)``: the page the user returns to after archiving a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from intercoop.core.uploads import DOCUMENT_KINDS, MAX_DOCUMENT_BYTES

# The one kind of the files that prove a record (a register entry, an adjustment): one per record, a new
# one replaces it.
EVIDENCE = "evidence"
EVIDENCE_KINDS = [(EVIDENCE, _("Evidence"))]


@dataclass(frozen=True)
class Attachable:
    model: str  # "agreements.agreement": app label and model name, lower case
    kinds: Sequence[tuple[str, Any]]
    readable: Callable[[Any, int], Model]
    may_change: Callable[[Any, Any, Any], bool] | None = None
    parts: Callable[[Any], Iterable[Any]] | None = None
    back: Callable[[Any], str] | None = None
    allowed: frozenset[str] = field(default=DOCUMENT_KINDS)
    max_bytes: int = MAX_DOCUMENT_BYTES

    def kind_label(self, kind: str) -> Any:
        return dict(self.kinds).get(kind, kind)


_ATTACHABLES: dict[str, Attachable] = {}


def register(attachable: Attachable) -> None:
    _ATTACHABLES[attachable.model] = attachable


def for_model(model: type[Model] | str) -> Attachable:
    key = model if isinstance(model, str) else f"{model._meta.app_label}.{model._meta.model_name}"
    try:
        return _ATTACHABLES[key]
    except KeyError:
        raise LookupError(f"{key} does not carry files: declare it in its app's attachables.py") from None


def all_attachables() -> list[Attachable]:
    return [_ATTACHABLES[k] for k in sorted(_ATTACHABLES)]
