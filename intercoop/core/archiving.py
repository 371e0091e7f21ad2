"""Archive and restore: the one way a record leaves or returns to the lists (nothing is deleted)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from intercoop.core import audit
from intercoop.core.errors import DomainError

M = TypeVar("M", bound=models.Model)


def set_archived(
    obj: M,
    *,
    archived: bool,
    actor: Any,
    action: str,
    error: type[DomainError],
    unchanged: Any,
    audit_on: models.Model | None = None,
    data: Mapping[str, Any] | None = None,
) -> M:
    """Archive (or restore) ``obj``, which the caller has locked and checked, and audit it.

    ``unchanged`` is the message when it is archived already (or not archived, for a restore);
    ``audit_on`` records the step on a parent record's history instead (a contact on its partner's).
    """
    if (getattr(obj, "archived_at", None) is not None) == archived:
        raise error(unchanged)
    obj.archived_at = timezone.now() if archived else None  # type: ignore[attr-defined]
    obj.save(update_fields=["archived_at", "updated_at"])
    audit.record(audit_on if audit_on is not None else obj, action, actor=actor, data=data)
    return obj
