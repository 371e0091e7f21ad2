"""Links a page shows only where they lead somewhere for its reader (issue 15: no dead links).

A page that names a linked record (a mobility's host partner, a person's list of colleagues) links it only
when the reader may open the page behind the link, decided by the same rule as that page: the page's gate
(``core.gates``) and, for a record page, the record's access function, which each app declares by the
page's URL name (``Declarations.readers``). Nothing here is a second copy of a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import Http404
from django.urls import resolve, reverse

from intercoop.core import gates

Reader = Callable[..., Any]  # an access function: reader(user=..., pk=...) returns the record or raises 404

_READERS: dict[str, Reader] = {}


def register_readers(readers: Mapping[str, Reader]) -> None:
    _READERS.update(readers)


def href_if_open(user: Any, url_name: str, *args: Any) -> str:
    """The address of ``url_name`` with ``args`` when ``user`` may open it, otherwise ""."""
    url = reverse(url_name, args=args)
    verdict = gates.opens(user, resolve(url).func)
    if verdict is not None:
        return url if verdict else ""
    reader = _READERS.get(url_name)
    if reader is None:
        raise LookupError(f"{url_name} is a record page without a declared reader (Declarations.readers)")
    try:
        reader(user=user, pk=args[0])
    except Http404:
        return ""
    return url
