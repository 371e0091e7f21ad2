"""Reminders: capabilities say what is due; ``send_reminders`` (run daily) sends each one once.

A provider returns ``Reminder`` objects for a day. Each has a stable ``key`` (what, which record,
which threshold), so running the command twice, or on two servers, sends nothing twice: the key is
written to ``ReminderLog`` in the same transaction as the mail is queued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from intercoop.core.models import ReminderLog


@dataclass(frozen=True)
class Reminder:
    key: str
    institution_id: int
    subject: str
    body: str
    recipients: tuple[str, ...]
    url: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def emails_of(*people: Any) -> set[str]:
    """The e-mail addresses of these people: their own, and their active login's (None is skipped)."""
    result = set()
    for person in people:
        if person is None:
            continue
        if person.email:
            result.add(person.email)
        user = getattr(person, "user", None)
        if user is not None and user.email and user.is_active:
            result.add(user.email)
    return result


Provider = Callable[[dt.date], list[Reminder]]
_PROVIDERS: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _PROVIDERS[key] = provider


def due(today: dt.date) -> list[Reminder]:
    result: list[Reminder] = []
    for key in sorted(_PROVIDERS):
        result.extend(_PROVIDERS[key](today))
    return result


def notify(reminder: Reminder) -> int:
    """Put the reminder in the notification centre of every active user of its institution whose e-mail
    address it goes to (the mail and the notification say the same thing). Returns how many."""
    from django.contrib.auth import get_user_model

    from intercoop.core.models import Notification

    addresses = {a.strip() for a in reminder.recipients if a.strip()}
    if not addresses:
        return 0
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    users = list(
        get_user_model()
        .objects.filter(match, is_active=True, institution_id=reminder.institution_id)
        .only("pk")
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                institution_id=reminder.institution_id,
                key=reminder.key[:200],
                subject=reminder.subject[:200],
                body=reminder.body,
                url=reminder.url[:300],
            )
            for u in users
        ],
        ignore_conflicts=True,
    )
    return len(users)


def send_due(today: dt.date, *, base_url: str = "") -> tuple[int, int]:
    """Send every due reminder not sent before. Returns (sent, skipped as already sent)."""
    sent = skipped = 0
    for reminder in due(today):
        if not reminder.recipients or ReminderLog.objects.filter(key=reminder.key).exists():
            skipped += 1
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    key=reminder.key,
                    institution_id=reminder.institution_id,
                    recipients=", ".join(reminder.recipients),
                    subject=reminder.subject[:200],
                )
                body = reminder.body + (f"\n\n{base_url}{reminder.url}" if reminder.url else "")
                notify(reminder)
                send_mail(reminder.subject, body, settings.DEFAULT_FROM_EMAIL, list(reminder.recipients))
        except IntegrityError:
            skipped += 1  # another run took it first
            continue
        sent += 1
    return sent, skipped
