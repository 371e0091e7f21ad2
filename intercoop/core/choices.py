"""Link targets: the rows a user may name in a write, and the one way to resolve or check them.

A write often names other records: the unit a trip is filed under, the people of a delegation, the
agreement a mobility uses, the owning colleges of an agreement. Which of them a user may name depends on
who acts, so each app offers *choices* selectors built on its access functions (``org.selectors.
unit_choices`` and ``person_choices``, ``partners.selectors.partner_choices``, ``agreements.selectors.
agreement_choices`` …). The three doors use them alike:

* forms take their querysets from them, so a page offers only what may be chosen;
* the API resolves every referenced id with ``pick`` / ``pick_many``: an id outside the choices is
  404, whether it does not exist, belongs to another institution or is merely not the caller's;
* services check the objects they are handed with ``require`` when an actor is given, so imports and any
  later caller meet the same wall (``actor=None`` is the system itself: demo data, migrations, tests).

Choices are a queryset or a list (unit lists come in tree order). A choices selector never lists rows by
institution alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from intercoop.core.access import parse_pk
from intercoop.core.errors import DomainError

M = TypeVar("M", bound=Model)
Choices = QuerySet[Any] | Sequence[Any]


class NotAChoiceError(DomainError):
    """A write named a record the actor may not link. Said as "not found": whether it exists is not told."""

    default_code = "not_found"
    status_code = 404


def _among(choices: Choices, pks: set[int]) -> dict[int, Any]:
    if isinstance(choices, QuerySet):
        return {obj.pk: obj for obj in choices.filter(pk__in=pks)}
    return {obj.pk: obj for obj in choices if obj.pk in pks}


def pick(choices: Choices, pk: Any) -> Any:
    """The choice with primary key ``pk`` (None for None); 404 when it is not among the choices."""
    if pk is None:
        return None
    key = parse_pk(pk)
    found = _among(choices, {key})
    if key not in found:
        raise Http404
    return found[key]


def pick_many(choices: Choices, pks: Iterable[Any]) -> list[Any]:
    """The choices with these keys, in the order given; 404 when any is not among them."""
    keys = [parse_pk(pk) for pk in pks]
    found = _among(choices, set(keys))
    if any(key not in found for key in keys):
        raise Http404
    return [found[key] for key in keys]


def require(
    choices: Choices,
    objects: Any,
    *,
    field: str,
    message: Any = None,
) -> None:
    """Raise ``NotAChoiceError`` on ``field`` unless every object given (one, several or None) is a choice."""
    if objects is None:
        return
    items = [o for o in (objects if isinstance(objects, list | tuple | set) else [objects]) if o is not None]
    if not items:
        return
    found = _among(choices, {o.pk for o in items})
    if any(o.pk not in found for o in items):
        raise NotAChoiceError(message or _("Choose one of the records offered to you."), field=field)


def link_ids(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The ids ``obj`` links to now, to tell later which links a write changed."""
    return {field: getattr(obj, f"{field}_id") for field in fields}


def require_changed(obj: Any, before: dict[str, Any] | None, links: dict[str, Any]) -> None:
    """``require`` each link of ``obj`` that is set and differs from ``before`` (a link kept may stay).

    ``links`` maps a field to its choices, or to a function giving them (evaluated only when needed).
    """
    for field, allowed in links.items():
        value = getattr(obj, f"{field}_id")
        if value is None or (before is not None and before.get(field) == value):
            continue
        require(allowed() if callable(allowed) else allowed, getattr(obj, field), field=field)


def pick_or_keep(choices: Choices, pk: Any, current: Any = None) -> Any:
    """``pick``, except that the record a write already links (``current``) may stay as it is."""
    if pk is not None and current is not None and current.pk == parse_pk(pk):
        return current
    return pick(choices, pk)
