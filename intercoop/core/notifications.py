"""The notification centre and the iCalendar feed of one's deadlines (issue 15 item 18).

Notifications are written by ``core.reminders`` when a reminder is mailed, so what is mailed also waits
in the app, with an unread count in the top bar. Deadlines come from the apps that own them: each declares
providers (``Declarations.deadlines``) that list *one user's own* deadlines (the notice of their trip
ending, their passport or permit due back, their trip report, the permits of the students and experts
they look after, the agreements they are responsible for), each read through the app's access rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from intercoop.core.access import parse_pk
from intercoop.core.models import CalendarFeed, Notification


@dataclass(frozen=True)
class Deadline:
    uid: str  # stable across feeds: "travel-report-123"
    day: dt.date
    summary: str
    url: str = ""
    description: str = ""


DeadlineProvider = Callable[[Any, dt.date], list[Deadline]]  # (user, today) → that user's deadlines
_PROVIDERS: dict[str, DeadlineProvider] = {}


def register_deadlines(providers: Mapping[str, DeadlineProvider]) -> None:
    _PROVIDERS.update(providers)


def deadlines_of(user: Any, today: dt.date) -> list[Deadline]:
    found: list[Deadline] = []
    for key in sorted(_PROVIDERS):
        found.extend(_PROVIDERS[key](user, today))
    return sorted(found, key=lambda d: (d.day, d.uid))


# -- the notification centre ---------------------------------------------------------------------------


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def notification_get_for_user(*, user: Any, pk: Any) -> Notification:
    found = Notification.objects.filter(user=user, pk=parse_pk(pk)).first()
    if found is None:
        raise Http404
    return found


def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# -- the iCalendar feed ---------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, user: Any) -> str:
    """A new secret address for the user's deadlines; any earlier one stops working. The token is
    returned once and kept only as its SHA-256."""
    from intercoop.core import audit

    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, digest=_digest(token))
    audit.record(user, "core.calendar_feed.created", actor=user, data={"feed": feed.pk})
    return token


def feed_revoke(*, user: Any) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_user(token: str) -> Any:
    """The active user whose feed this token opens; 404 otherwise (unknown, revoked, inactive)."""
    feed = (
        CalendarFeed.objects.filter(digest=_digest(token or ""), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


def has_feed(user: Any) -> bool:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).exists()


def ics(user: Any, today: dt.date, *, base_url: str, name: str) -> bytes:
    """The user's deadlines as an iCalendar file (RFC 5545, written by the maintained ``icalendar``
    package): one all-day event each, with its address in the application."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//intercoop//deadlines//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for deadline in deadlines_of(user, today):
        event = Event()
        event.add("uid", f"{deadline.uid}@intercoop")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + dt.timedelta(days=1))
        event.add("summary", deadline.summary)
        if deadline.url:
            event.add("url", base_url + deadline.url)
        description = "\n".join(
            x for x in (deadline.description, base_url + deadline.url if deadline.url else "") if x
        )
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()
