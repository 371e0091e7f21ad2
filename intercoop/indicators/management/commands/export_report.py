"""python manage.py export_report international_influence --institution CODE --year YYYY --format xlsx
--output FILE: the same table as the page and the API (the snapshot once submitted)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from intercoop.indicators import exports, selectors
from intercoop.indicators.tables import TABLES
from intercoop.org.models import Institution


class Command(BaseCommand):
    help = "Export a national report table of one institution and year (xlsx or json)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("table", choices=sorted(TABLES))
        parser.add_argument("--institution", required=True, help="MoE institution code")
        parser.add_argument("--year", type=int, required=True, help="report year")
        parser.add_argument("--format", choices=("xlsx", "json"), default="xlsx")
        parser.add_argument(
            "--output", required=True, help="file to write ('-' for standard output, json only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        institution = Institution.objects.filter(
            code=options["institution"], archived_at__isnull=True
        ).first()
        if institution is None:
            raise CommandError(f"No institution with code {options['institution']}.")
        table = TABLES[options["table"]]
        year = options["year"]
        if table.version_for(year) is None:
            raise CommandError(f"The table {table.code} has no row set for {year}.")
        data, report = selectors.table_for(institution, table, year)
        submitted_at = report.submitted_at if report else None
        if options["format"] == "json":
            text = json.dumps({**data, "submitted_at": submitted_at}, ensure_ascii=False, indent=2)
            if options["output"] == "-":
                self.stdout.write(text)
                return
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            if options["output"] == "-":
                raise CommandError("An xlsx file needs --output FILE.")
            Path(options["output"]).write_bytes(exports.workbook(data, submitted_at))
        state = f"submitted {submitted_at}" if report else "computed now"
        self.stdout.write(f"Wrote {options['output']} ({table.code} {institution.code} {year}, {state}).")
