"""The home-page queue of approval steps waiting for the user."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.approvals import kinds, selectors
from intercoop.core.access import Access
from intercoop.core.workqueue import WorkItem

LIMIT = 15


def waiting(user: Any, access: Access) -> list[WorkItem]:
    today = timezone.localdate()
    items = []
    for step in selectors.waiting_for(user, limit=LIMIT):
        waited = (today - timezone.localtime(step.reached_at).date()).days if step.reached_at else 0
        items.append(
            WorkItem(
                title=step.request.subject_label,
                url=kinds.get(step.request.kind).url(step.request.object_id),
                detail=_("%(step)s · waiting %(days)s days")
                % {"step": selectors.step_name(step), "days": waited},
                due=None,
                severity="warning" if waited >= step.request.chain.remind_after_days else "info",
            )
        )
    return items
