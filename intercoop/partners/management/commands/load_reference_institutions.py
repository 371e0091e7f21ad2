"""Load the MoE list, the Erasmus charter holders and the world universities list (run after upgrades)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from intercoop.partners import reference


class Command(BaseCommand):
    help = "Load the public reference lists of institutions used to pick partners."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reference.load()
        self.stdout.write(
            "Loaded " + ", ".join(f"{n} {source}" for source, n in sorted(counts.items())) + "."
        )
