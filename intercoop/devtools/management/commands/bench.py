"""python manage.py bench --label 40x10 --output bench/results.json [--append]: run the benchmark scenarios
on the scale data in this database (see docs/performance.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from intercoop.devtools import bench


class Command(BaseCommand):
    help = "Time the app against a direct floor on the scale data; write the results as JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--label", default="", help="the scale, as written in the results")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--import-rows", type=int, default=100_000)
        parser.add_argument(
            "--erasmus-rows",
            type=int,
            default=1_200_000,
            help="rows of the EC-format file (import_erasmus_1m)",
        )
        parser.add_argument("--output", default="bench/results.json")
        parser.add_argument("--append", action="store_true", help="add to the results already in the file")

    def handle(self, *args: Any, **options: Any) -> None:
        results = bench.run(
            scale_label=options["label"],
            repeat=options["repeat"],
            import_rows=options["import_rows"],
            erasmus_rows=options["erasmus_rows"],
            progress=lambda line: self.stdout.write(line),
        )
        path = Path(options["output"])
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = json.loads(path.read_text()) if options["append"] and path.exists() else []
        path.write_text(json.dumps(existing + bench.as_dicts(results), indent=2) + "\n")
        self.stdout.write("")
        self.stdout.write(
            f"{'scenario':40} {'database':10} {'scale':10} {'app s':>9} {'floor s':>9} {'ratio':>7} "
            f"{'queries':>7} {'SQL s':>7} {'peak MB':>7}"
        )
        for r in existing + bench.as_dicts(results):
            extra = [r.get("queries"), r.get("sql_seconds"), r.get("peak_mb")]
            shown = " ".join(f"{'' if v is None else v:>7}" for v in extra)
            self.stdout.write(
                f"{r['name']:40} {r['database']:10} {r['scale']:10} {r['app_seconds']:9.3f} "
                f"{r['floor_seconds']:9.3f} {r['ratio']:7.2f} {shown}"
            )
        self.stdout.write(f"Wrote {path}.")
