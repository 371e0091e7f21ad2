"""Write the API's OpenAPI document (the committed snapshot is docs/api/openapi.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


def openapi_text() -> str:
    """The OpenAPI document as committed: English descriptions, sorted keys."""
    from intercoop.api.urls import api

    with translation.override("en"):
        schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1/ to docs/api/openapi.json (or --output)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(SNAPSHOT))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(openapi_text(), encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
