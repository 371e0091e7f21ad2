"""Record numbers like HZ-2026-007: the next free number of a series, and saving under it despite races."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, models, transaction

from intercoop.core.errors import ConflictError

ATTEMPTS = 5


def next_number(queryset: models.QuerySet[Any], field: str, stem: str) -> str:
    """``stem`` followed by one more than the highest number already taken in ``queryset`` (``001`` first)."""
    taken = queryset.filter(**{f"{field}__startswith": stem}).values_list(field, flat=True)
    highest = max((int(n[len(stem) :]) for n in taken if n[len(stem) :].isdigit()), default=0)
    return f"{stem}{highest + 1:03d}"


def save_numbered(obj: models.Model, *, field: str, number: Callable[[], str], failure: Any) -> None:
    """Give ``obj`` the next number and save it.

    When another user takes that number at the same moment (the unique constraint fails), take the next
    one; ``failure`` is the message once every attempt has failed.
    """
    for _attempt in range(ATTEMPTS):
        setattr(obj, field, number())
        try:
            with transaction.atomic():
                obj.save()
            return
        except IntegrityError:
            continue
    raise ConflictError(failure)
