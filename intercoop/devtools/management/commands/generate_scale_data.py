"""python manage.py generate_scale_data --institutions 40 --years 10 [--scale 1.0]: a province's data for
benchmarks (see intercoop/devtools/scale.py and docs/performance.md)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from intercoop.devtools import scale


class Command(BaseCommand):
    help = "Fill the database with a province's worth of institutions and records, for benchmarks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--institutions", type=int, default=40)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--scale", type=float, default=1.0, help="records per institution, 1.0 = full")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        removed = scale.purge()
        if removed:
            self.stdout.write(f"Removed the earlier scale data of {removed} institutions.")
        counts = scale.generate(
            institutions=options["institutions"],
            years=options["years"],
            scale=options["scale"],
            seed=options["seed"],
            progress=lambda line: self.stdout.write(line),
        )
        # Planner statistics for the new rows (what autovacuum does in time after a bulk load): without them
        # PostgreSQL takes "archived_at IS NULL" for a selective condition and scans 1.6 million index rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for name, n in sorted(counts.items()):
            self.stdout.write(f"  {name:18} {n:>10,}")
        self.stdout.write(f"{sum(counts.values()):,} rows in {time.perf_counter() - started:.0f} s.")
