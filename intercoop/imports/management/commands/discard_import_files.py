"""Daily: files checked for import but never imported within IMPORT_KEEP_UNCOMMITTED_DAYS are discarded."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from intercoop.imports import services


class Command(BaseCommand):
    help = "Discard uploaded import files that were checked but not imported in time (their digest stays)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.abandon_stale()
        self.stdout.write(f"{count} import file(s) discarded.")
