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
# A model query: a manager (``Model.objects``), anything but an empty queryset for a field's declaration.
QUERY = re.compile(r"\bobjects\.(?!none\(\))")


def _is_entry_point(path: Path) -> bool:
    """A module that defines views or endpoints: views.py, *_views.py, api.py (in any sub-package)."""
    return "tests" not in path.parts and (path.name.endswith("views.py") or path.name == "api.py")


def _entry_points() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if _is_entry_point(p))


def _lines(path: Path, pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]


def test_the_layer_checks_see_every_module_with_views_or_endpoints():
    names = {str(p.relative_to(PACKAGE)) for p in _entry_points()}
    assert {"mobility/calls/views.py", "mobility/events/api.py", "travel/api.py", "core/views.py"} <= names


def test_views_and_api_modules_never_write_models_directly():
    offenders = []
    for path in _entry_points():
        offenders += [line for line in _lines(path, WRITE) if "services." not in line]
    assert offenders == []


def test_views_and_api_modules_never_query_models_they_read_through_selectors():
    """Reads go through selectors and access functions, so the page and the API answer alike."""
    offenders = []
    for path in _entry_points():
        offenders += _lines(path, QUERY)
    assert offenders == []


def test_forms_take_their_querysets_from_choices_selectors():
    """No form lists rows by itself (ADR 0012): its querysets come from the choices selectors."""
    offenders = []
    for path in sorted(PACKAGE.rglob("forms.py")):
        if "tests" not in path.parts:
            offenders += _lines(path, QUERY)
    assert offenders == []


def test_no_dumping_ground_modules():
    assert [p for p in PACKAGE.rglob("*.py") if p.name in {"utils.py", "helpers.py"}] == []


def test_export_columns_live_in_exports_modules_never_in_views():
    """A spreadsheet's columns are declared once, in the app's ``exports.py`` (importers share them)."""
    column = re.compile(r"\bColumn\(")
    offenders = []
    for path in _entry_points():
        offenders += _lines(path, column)
    assert offenders == []


def test_apps_declare_what_they_add_to_the_registries_as_data():
    """``AppConfig.ready()`` hands on ``<app>/declarations.py`` (core.declarations); it registers nothing
    itself. Core, which holds the registries, registers its own audit-log entry directly."""
    registering = re.compile(r"\b(audit|navigation|workqueue|importing|core_panels|core_reminders)\.register")
    offenders = []
    for path in sorted(PACKAGE.glob("*/apps.py")):
        if path.parent.name != "core":
            offenders += _lines(path, registering)
    assert offenders == []
