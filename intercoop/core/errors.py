"""Domain errors: what a service raises when a request breaks a rule.

Views turn a ``DomainError`` into a form or page error; the API turns it into a 4xx answer
``{"message": ..., "code": ...}``. Each app subclasses it once (``OrgError``, ``AccountsError``...).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A rule was broken. ``message`` is translatable and shown to the user as is."""

    default_code = "invalid"
    status_code = 400

    def __init__(self, message: Any, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class ConflictError(DomainError):
    """The request is valid but collides with the current state (a duplicate, a stale version)."""

    default_code = "conflict"
    status_code = 409


class PermissionDeniedError(DomainError):
    """The user may see the object but not do this to it."""

    default_code = "forbidden"
    status_code = 403


def clean_or_raise(obj: Any, error: type[DomainError], *, exclude: Iterable[str] = ()) -> None:
    """Run the model's own field validation; raise ``error`` naming the first field at fault.

    Uniqueness and constraints are left to the services (they say which record clashes) and to the database.
    """
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise error(messages[0], field=None if field == "__all__" else field) from exc
