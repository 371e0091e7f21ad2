"""Registration and permit deadlines of the stays a user looks after, or of their own stay."""

from __future__ import annotations

import datetime as dt
from typing import Any

from intercoop.core.notifications import Deadline
from intercoop.mobility.stays import selectors
from intercoop.mobility.stays.alerts import _url


def mine(user: Any, today: dt.date) -> list[Deadline]:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    return [
        Deadline(
            f"stay-{item.stay._meta.model_name}-{item.stay.pk}-{item.deadline.key}",
            item.deadline.due_on,
            f"{item.deadline.label}: {item.stay.person.display_name}",
            _url(item.stay),
        )
        for item in selectors.deadlines_due(today=today, within_days=400, user=user)
        if person_id in (item.stay.responsible_id, item.stay.person_id)
    ]
