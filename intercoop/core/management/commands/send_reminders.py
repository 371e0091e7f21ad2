"""Send the reminders that are due today (run daily by cron or a systemd timer). Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from intercoop.core import reminders


class Command(BaseCommand):
    help = "Send due reminders by e-mail; running it twice sends nothing twice."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD), for catching up")
        parser.add_argument(
            "--base-url", default="", help="e.g. https://ic.example.edu.cn, for links in mails"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        with translation.override("zh-hans"):
            sent, skipped = reminders.send_due(today, base_url=options["base_url"].rstrip("/"))
        self.stdout.write(f"{today}: sent {sent} reminders, {skipped} already sent or without recipient.")
