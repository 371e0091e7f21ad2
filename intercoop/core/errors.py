"""Domain errors: what a service raises when a request breaks a rule.

Views turn a ``DomainError`` into a form or page error; the API turns it into a 4xx answer
``{"message": ..., "code": ...}``. Each app subclasses it once (``OrgError``, ``AccountsError``...).
"""

from __future__ import annotations

from typing import Any


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
