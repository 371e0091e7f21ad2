"""Move agreements along by the calendar (active → expiring → expired, automatic renewals). Run daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from intercoop.agreements import services


class Command(BaseCommand):
    help = "Update agreement statuses from their dates; idempotent, every change audited."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        counts = services.refresh_statuses(today=today)
        self.stdout.write(f"{today}: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")
