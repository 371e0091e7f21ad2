"""The import engine: template, row-by-row validation with row and column, preview, all-or-nothing commit.

A capability defines an ``Importer`` (its columns, how to clean one row, how to write the clean rows)
and registers it in its ``AppConfig.ready``. The imports app offers the pages and API around it.
Cleaning never writes; ``commit`` cleans the whole file again and writes only if every row is clean,
inside one transaction, so the database is exactly as before when anything is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from intercoop.core import countries
from intercoop.core.bounds import MAX_COUNT, date_problem
from intercoop.core.errors import DomainError
from intercoop.core.spreadsheets import MAX_ROWS, Column, RawRow, RowFilter, open_rows
from intercoop.core.text import CONTROL_CHARACTERS, control_character, control_character_message
from intercoop.core.uploads import MAX_SPREADSHEET_BYTES


@dataclass(frozen=True)
class CellError:
    row: int
    column: str  # letter, "" for the whole row
    label: str
    message: str

    def __str__(self) -> str:
        where = (
            _("row %(row)s, column %(column)s (%(label)s)")
            % {
                "row": self.row,
                "column": self.column,
                "label": self.label,
            }
            if self.column
            else _("row %(row)s") % {"row": self.row}
        )
        return f"{where}: {self.message}"


@dataclass(slots=True)
class RowResult:
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    summary: str = ""
    letters: dict[str, str] = field(default_factory=dict)  # column key -> column letter
    unchanged: str = ""  # why this clean row will not be written (imported already)
    # Why the row is not this import's business at all (another institution's row in the EC's open data),
    # a key of the importer's ``skip_reasons``: counted once for the file, never a problem, never kept.
    skipped: str = ""

    def add_error(self, column: Column | None, message: str) -> None:
        self.errors.append(
            CellError(
                row=self.number,
                column=self.letters.get(column.key, "") if column else "",
                label=column.header if column else "",
                message=message,
            )
        )


@dataclass
class Preview:
    rows: list[RowResult]
    file_errors: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows left out (``RowResult.skipped``)

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())

    @property
    def total(self) -> int:
        """Every data row of the file, the skipped ones included."""
        return len(self.rows) + self.skipped_count

    @property
    def errors(self) -> list[CellError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not self.errors and bool(self.rows)

    @property
    def valid_count(self) -> int:
        return sum(1 for r in self.rows if not r.errors)

    @property
    def unchanged_count(self) -> int:
        return sum(1 for r in self.rows if not r.errors and r.unchanged)

    @property
    def to_write(self) -> list[RowResult]:
        return [r for r in self.rows if not r.errors and not r.unchanged]


class ImportRejected(DomainError):
    default_code = "import_rejected"

    def __init__(self, preview: Preview) -> None:
        first = (
            preview.file_errors[0]
            if preview.file_errors
            else (str(preview.errors[0]) if preview.errors else "")
        )
        super().__init__(
            _("Nothing was imported: %(n)s problems. First: %(first)s")
            % {"n": len(preview.file_errors) + len(preview.errors), "first": first}
        )
        self.preview = preview


# What a spreadsheet shows for a formula that failed (#N/A from a VLOOKUP that found nothing): exported to
# CSV or pasted as values, it is text that means "no value".
EXCEL_ERRORS = frozenset({"#N/A", "#N/A N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!"})


class Row:
    """Typed access to one raw row; every problem becomes a ``CellError`` naming row and column."""

    def __init__(
        self, raw: RawRow, columns: Sequence[Column], *, by_key: dict[str, Column] | None = None
    ) -> None:
        self.raw = raw
        self.columns = by_key if by_key is not None else {c.key: c for c in columns}
        self.result = RowResult(number=raw.number, letters=raw.letters)  # shared by the file's rows

    def error(self, key: str | None, message: str) -> None:
        self.result.add_error(self.columns.get(key or ""), message)

    def text(self, key: str, *, required: bool = False, max_length: int = 200) -> str:
        value = self.raw.values.get(key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if text.upper() in EXCEL_ERRORS:  # a formula's error exported as text is no value
            text = ""
        code = control_character(text)
        if code:
            self.error(key, control_character_message(code))
            text = CONTROL_CHARACTERS.sub("", text)
        if required and not text:
            self.error(key, _("This column is required."))
        if len(text) > max_length:
            self.error(key, _("At most %(n)s characters.") % {"n": max_length})
        return text

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.raw.values.get(key)
        if value in (None, ""):
            if required:
                self.error(key, _("This column is required."))
            return None
        day = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        text = str(value).strip()
        for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
            if day is not None:
                break
            try:
                day = dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        if day is not None:
            problem = date_problem(day)
            if problem:
                self.error(key, problem)
                return None
            return day
        self.error(key, _("“%(value)s” is not a date; write it as 2026-09-01.") % {"value": text})
        return None

    def integer(self, key: str, *, required: bool = False, minimum: int = 0) -> int | None:
        value = self.raw.values.get(key)
        if value in (None, ""):
            if required:
                self.error(key, _("This column is required."))
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value():
            self.error(key, _("“%(value)s” is not a whole number.") % {"value": value})
            return None
        if number < minimum:
            self.error(key, _("Must be at least %(n)s.") % {"n": minimum})
            return None
        if number > MAX_COUNT:
            self.error(key, _("At most %(n)s.") % {"n": MAX_COUNT})
            return None
        return int(number)

    def choice(self, key: str, mapping: dict[str, str], *, required: bool = False, default: str = "") -> str:
        """A value from a list: accepts the code, the Chinese or the English label, case-insensitively."""
        text = self.text(key, required=required)
        if not text:
            return default
        found = mapping.get(_fold(text))
        if found is None:
            allowed = mapping.allowed() if isinstance(mapping, ChoiceMap) else ""
            if allowed:
                self.error(
                    key,
                    _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                    % {"value": text, "allowed": allowed},
                )
            else:
                self.error(key, _("“%(value)s” is not one of the allowed values.") % {"value": text})
            return default
        return found

    def boolean(self, key: str) -> bool:
        return _fold(self.text(key)) in {"1", "y", "yes", "true", "是", "√", "x"}

    def country(self, key: str, *, required: bool = False) -> str:
        text = self.text(key, required=required)
        if not text:
            return ""
        code = country_code(text)
        if code is None:
            self.error(key, _("Unknown country “%(value)s”: use the ISO code, e.g. DE.") % {"value": text})
            return ""
        return code


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


class ChoiceMap(dict[str, str]):
    """A lookup table for ``Row.choice`` that can also say which values are allowed."""

    choices: Sequence[tuple[str, Any]] = ()

    def allowed(self) -> str:
        """The allowed values as a reader of the current language names them."""
        labels = [str(label) for value, label in self.choices if value]
        return ("、" if (translation.get_language() or "").startswith("zh") else ", ").join(labels)


def choice_map(choices: Sequence[tuple[str, Any]], *, english: dict[str, str] | None = None) -> ChoiceMap:
    """Lookup table for ``Row.choice``: codes, current labels and the given English labels."""
    table = ChoiceMap()
    table.choices = list(choices)
    for language, _name in settings.LANGUAGES:  # a file may be written in either language
        with translation.override(language):
            for value, label in choices:
                if value:
                    table[_fold(str(value))] = str(value)
                    table[_fold(str(label))] = str(value)
    for value, label in (english or {}).items():
        table[_fold(label)] = value
    return table


def country_code(text: str) -> str | None:
    """An ISO 3166 code from a code (the EC's ``EL`` and ``UK`` too) or a Chinese or English name."""
    text = text.strip()
    if countries.is_valid(countries.from_ec(text)):
        return countries.from_ec(text)
    folded = _fold(text)
    for language in ("zh-hans", "en"):
        for code, name in countries.choices(language):
            if _fold(name) == folded:
                return code
    return None


# How often a check tells its progress (``context["progress"](rows read, problems so far)``).
PROGRESS_EVERY = 5_000


class Importer:
    """Subclass per kind of import; see ``partners.importers`` for an example."""

    # The largest file the importer takes: the office's template is one year of a college's records; the
    # EC's files are a whole year of a country's (40–60 MB, a million rows), checked by the worker.
    max_rows = MAX_ROWS
    max_bytes = MAX_SPREADSHEET_BYTES
    # Why rows may be left out (``RowResult.skipped``, ``row_filter``): a key, stored with the batch, and
    # its label, shown in the reader's language.
    skip_reasons: Mapping[str, Any] = {}

    def skip_label(self, reason: str) -> str:
        return str(self.skip_reasons.get(reason, reason))

    key = ""
    label: Any = ""
    permission = ""
    columns: Sequence[Column] = ()
    notes: Sequence[str] = ()
    example_rows: Sequence[Sequence[Any]] = ()
    # May the user import the clean rows of a file and leave the rejected ones (listed in the report)?
    allows_partial = False
    accepts_csv = False  # besides .xlsx, read .csv files (exports of other systems)

    def prepare(self, context: dict[str, Any]) -> None:
        """Load what cleaning needs into ``context`` (lookup tables); raise ``DomainError`` for a
        problem with the whole import (it is reported as a file error)."""

    def row_filter(self, positions: dict[str, int], context: dict[str, Any]) -> Callable[[Any], str] | None:
        """A cheap test of a raw row (its cells by ``positions``) that leaves it out before it is cleaned,
        returning why (``RowResult.skipped``); None keeps every row. It runs after ``prepare``."""
        return None

    def clean(self, row: Row, context: dict[str, Any]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_file(self, rows: list[RowResult], context: dict[str, Any]) -> None:
        """Checks across rows (duplicates within the file); add errors to the rows."""

    def write(self, rows: list[RowResult], *, context: dict[str, Any], actor: Any) -> int:  # pragma: no cover
        raise NotImplementedError


_IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _IMPORTERS[importer.key] = importer


def get(key: str) -> Importer | None:
    return _IMPORTERS.get(key)


def may_use(access: Any, key: str) -> bool:
    """May the user open the upload page of importer ``key``? The one rule behind the upload page
    (``imports.selectors.importer_for_user``) and every "Import" button that leads to it."""
    importer = _IMPORTERS.get(key)
    return (
        importer is not None
        and access.institution_id is not None
        and access.can_anywhere(importer.permission)
    )


def all_importers() -> list[Importer]:
    return sorted(_IMPORTERS.values(), key=lambda i: i.key)


def preview(importer: Importer, data: bytes, *, context: dict[str, Any]) -> Preview:
    """Read and clean every row; nothing is written."""
    try:
        row_filter = RowFilter(lambda positions: importer.row_filter(positions, context))
        raws = open_rows(
            data,
            importer.columns,
            encoding=context.get("encoding") or "",
            max_rows=importer.max_rows,
            read_seconds=context.get("read_seconds", settings.IMPORT_READ_SECONDS),
            row_filter=row_filter,
        )
        importer.prepare(context)
        rows = []
        skipped = row_filter.counts  # rows left out by the reader, and by ``clean`` below
        progress = context.get("progress")
        problems = 0
        by_key = {c.key: c for c in importer.columns}  # shared by every row of a million-row file
        told = 0
        for raw in raws:  # one row at a time: only the checked results are kept
            row = Row(raw, importer.columns, by_key=by_key)
            importer.clean(row, context)
            if progress is not None and raw.number - told >= PROGRESS_EVERY:
                told = raw.number
                progress(raw.number - 1, problems)
            if row.result.skipped:
                skipped[row.result.skipped] = skipped.get(row.result.skipped, 0) + 1
                continue
            problems += len(row.result.errors)
            rows.append(row.result)
    except DomainError as exc:
        return Preview(rows=[], file_errors=[str(exc)])
    if not rows:
        if skipped:
            reasons = "; ".join(f"{importer.skip_label(reason)} ({n})" for reason, n in skipped.items())
            message = _("No row of the file is this import's: %(reasons)s.") % {"reasons": reasons}
            return Preview(rows=[], file_errors=[message], skipped=skipped)
        return Preview(rows=[], file_errors=[_("The file has a header row but no data rows.")])
    importer.check_file(rows, context)
    return Preview(rows=rows, skipped=skipped)


def commit(
    importer: Importer, data: bytes, *, context: dict[str, Any], actor: Any, partial: bool = False
) -> tuple[int, Preview]:
    """Clean every row again and write them all in one transaction, or nothing (``ImportRejected``).

    Rows imported before (``unchanged``) are left as they are, so the same file twice changes nothing.
    With ``partial`` (importers that allow it, on the user's explicit choice) the clean rows are
    written and the rejected ones stay in the report; a file error still rejects everything.
    """
    result = preview(importer, data, context=context)
    if result.file_errors or not result.rows:
        raise ImportRejected(result)
    if result.errors and not (partial and importer.allows_partial and result.valid_count):
        raise ImportRejected(result)
    rows = result.to_write
    if not rows:
        return 0, result
    with transaction.atomic():
        count = importer.write(rows, context=context, actor=actor)
    return count, result
