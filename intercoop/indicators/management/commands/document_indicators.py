"""Rewrite the rule table of docs/indicators.md from the indicator definitions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from intercoop.indicators import ruledoc


class Command(BaseCommand):
    help = "Rewrite docs/indicators.md's rule table from the indicator definitions."

    def handle(self, *args: Any, **options: Any) -> None:
        ruledoc.DOC.write_text(ruledoc.document(ruledoc.DOC.read_text(encoding="utf-8")), encoding="utf-8")
        self.stdout.write(f"{ruledoc.DOC} written.")
