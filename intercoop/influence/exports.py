"""The registers' fields as the detail page and the Excel export show them (labels in both languages)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from intercoop.core import countries
from intercoop.core.spreadsheets import Column, Sheet, write_xlsx
from intercoop.influence.registers import Register
from intercoop.influence.services import FIELDS


def _value(entry: Any, name: str) -> Any:
    if name == "country":
        return countries.name(entry.country)
    display = getattr(entry, f"get_{name}_display", None)
    if display is not None:
        return display()
    value = getattr(entry, name)
    if hasattr(value, "display_name"):
        return value.display_name
    return "" if value is None else value


def described(register: Register, entry: Any) -> list[tuple[str, Any]]:
    """(label, value) of every field, in the order of the form."""
    meta = register.model._meta
    return [(str(meta.get_field(name).verbose_name), _value(entry, name)) for name in FIELDS[register.model]]


def workbook(register: Register, qs: QuerySet[Any]) -> bytes:
    meta = register.model._meta
    names = FIELDS[register.model]
    columns = []
    for name in names:
        label = meta.get_field(name).verbose_name
        with translation.override("zh-hans"):
            zh = str(label)
        with translation.override("en"):
            en = str(label)
        columns.append(Column(name, zh, en, width=14 if name.endswith("_on") else 24))
    columns.append(Column("evidence", "佐证材料", "Evidence", width=10))
    rows = [[*(_value(e, n) for n in names), _("yes") if e.evidence_id else _("no")] for e in qs]
    return write_xlsx([Sheet(title=str(register.title), columns=columns, rows=rows)])
