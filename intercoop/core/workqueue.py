"""Work queues on the home page. Each capability registers a provider of items for the user.

A provider gets the user and their access and returns ``WorkItem`` objects; it must run a constant
number of queries. The home page shows the queues the user holds the permission for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from intercoop.core.access import Access


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    detail: str = ""
    due: dt.date | None = None
    severity: str = "info"  # info | warning | danger


@dataclass(frozen=True)
class Queue:
    key: str
    label: Any
    permission: str
    provider: Callable[[Any, Access], list[WorkItem]]
    empty_text: Any
    order: int = 50


_QUEUES: dict[str, Queue] = {}


def register(queue: Queue) -> None:
    _QUEUES[queue.key] = queue


def queues_for(user: Any, access: Access) -> list[tuple[Queue, list[WorkItem]]]:
    result = []
    for queue in sorted(_QUEUES.values(), key=lambda q: (q.order, q.key)):
        if access.can_anywhere(queue.permission):
            result.append((queue, queue.provider(user, access)))
    return result
