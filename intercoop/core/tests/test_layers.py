"""Layer rules that import-linter cannot see (DESIGN §3)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
# A raw write: instance.save() / .delete(), or a queryset/manager create, update, delete or bulk write.
WRITE = re.compile(
    r"\.(save|bulk_create|bulk_update|update_or_create|get_or_create)\("
    r"|\.delete\(\)"
    r"|objects\.[\w().=, ]*\.?(create|update|delete)\("
)
THIN = ("views.py", "api.py")


def test_views_and_api_modules_never_write_models_directly():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in THIN:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WRITE.search(line) and "services." not in line:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_no_dumping_ground_modules():
    assert [p for p in PACKAGE.rglob("*.py") if p.name in {"utils.py", "helpers.py"}] == []
