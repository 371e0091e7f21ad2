"""Reading and writing Excel files, with bilingual headers and row/column positions for every error.

Offices live in Excel. Templates and exports carry headers like ``名称 / Name``; reading accepts the
Chinese label, the English label, or both, in any column order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from intercoop.core.errors import DomainError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 100_000


class SpreadsheetError(DomainError):
    default_code = "invalid_file"


class Labels(Sequence[str]):
    """A template column's drop-down in both languages: the Chinese labels of ``choices`` (as the site's
    translations give them), then the English ones; the importer reads either (``importing.choice_map``).
    Evaluated when the workbook is written, so it follows the translations."""

    def __init__(self, choices: Sequence[tuple[str, Any]], english: Mapping[str, str]) -> None:
        self._choices = choices
        self._english = english

    def _items(self) -> list[str]:
        with translation.override("zh-hans"):
            chinese = [str(label) for value, label in self._choices if value]
        english = [self._english.get(value, "") for value, _label in self._choices if value]
        return [*chinese, *(e for e in english if e and e not in chinese)]

    def __getitem__(self, index: Any) -> Any:
        return self._items()[index]

    def __len__(self) -> int:
        return len(self._items())


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    width: int = 18
    required: bool = False
    help: str = ""
    choices: Sequence[str] = ()

    @property
    def header(self) -> str:
        return f"{self.zh} / {self.en}"

    def matches(self, text: str) -> bool:
        norm = _norm(text)
        return norm in {_norm(self.header), _norm(self.zh), _norm(self.en), _norm(self.key)}


def _norm(text: Any) -> str:
    return "".join(str(text or "").split()).casefold()


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = ()
    notes: Sequence[str] = field(default_factory=list)


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """One workbook: bold frozen bilingual header row, sensible widths, dates as dates, choice lists."""
    workbook = Workbook()
    for default_sheet in list(workbook.worksheets):
        workbook.remove(default_sheet)
    header_fill = PatternFill("solid", fgColor="DBE7F5")
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        ws.append([c.header for c in sheet.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
            if column.choices:
                letter = get_column_letter(index)
                validation = DataValidation(
                    type="list",
                    formula1='"' + ",".join(column.choices) + '"',
                    allow_blank=not column.required,
                )
                ws.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}5000")
        ws.freeze_panes = "A2"
        for row in sheet.rows:
            append_row(ws, row)
        if sheet.notes:
            notes = workbook.create_sheet(title=(sheet.title + " 说明 notes")[:31])
            for line in sheet.notes:
                notes.append([line])
            notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A text that a spreadsheet program could take for a formula (OWASP's CSV-injection rule).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append_row(ws: Any, values: Sequence[Any]) -> None:
    """Append one row of an export, the one place every export writes its cells through: text is always
    text (a value starting with =, +, -, @, tab or CR is stored as a string, marked so that Excel keeps it
    text when the cell is edited), control characters a workbook cannot hold are dropped, dates are
    formatted as dates."""
    cells = [_cell(v) for v in values]
    ws.append(cells)
    # The row just written, found by its number: ``ws.max_row`` scans every cell of the sheet, which made a
    # report of 16,000 rows take 72 s (issue 18 item 5).
    number = ws._current_row
    for index, value in enumerate(cells, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = ws.cell(row=number, column=index)
            cell.data_type = "s"
            cell.quotePrefix = True
        elif isinstance(value, dt.date):
            ws.cell(row=number, column=index).number_format = "yyyy-mm-dd"


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or isinstance(value, int | float | dt.date | dt.datetime):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


@dataclass(frozen=True)
class RawRow:
    number: int  # the row number in the sheet, as Excel shows it
    values: dict[str, Any]
    letters: dict[str, str]  # column key -> column letter


def read_rows(data: bytes, columns: Sequence[Column]) -> list[RawRow]:
    """Rows of the first sheet or of a CSV file as ``{column: value}``, skipping title rows above the header.

    The header row is the first row (of the first ten) in which every required column is found.
    Raises ``SpreadsheetError`` naming what is wrong when the file cannot be read or has no such row.
    """
    return list(open_rows(data, columns))


def open_rows(
    data: bytes,
    columns: Sequence[Column],
    *,
    encoding: str = "",
    max_rows: int = MAX_ROWS,
    read_seconds: float | None = -1,
    row_filter: RowFilter | None = None,
) -> Iterator[RawRow]:
    """Like ``read_rows``, one row at a time (a large file is never held whole as rows). The header is
    found before this returns, so a file without one raises here; a file over ``max_rows`` raises while
    its rows are read, as does one read for longer than ``read_seconds`` (a request's
    ``settings.IMPORT_READ_SECONDS`` by default; None for the worker, which has no such timeout)."""
    limits: dict[str, Any] = {
        "max_rows": max_rows,
        "read_seconds": settings.IMPORT_READ_SECONDS if read_seconds == -1 else read_seconds,
        "row_filter": row_filter,
    }
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds of errors on a broken file
            raise SpreadsheetError(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            header = _header(rows, columns)
        except BaseException:
            workbook.close()
            raise
        return _closing(_data_rows(rows, *header, **limits), workbook)
    rows = _csv_rows(data, encoding)
    return _csv_errors(_data_rows(rows, *_header(rows, columns), **limits))


def _closing(rows: Iterator[RawRow], workbook: Any) -> Iterator[RawRow]:
    """The workbook's rows, closing it at the end; a sheet that breaks while it is read (its XML cut or
    malformed inside a valid zip) is a file error, not a 500."""
    try:
        yield from rows
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl and the XML parser raise many kinds
        raise SpreadsheetError(
            _("The workbook's sheet is damaged and could not be read to the end (%(error)s).")
            % {"error": type(exc).__name__}
        ) from exc
    finally:
        workbook.close()


# What a user may choose on the upload page when the file's text is not UTF-8 (``decode_text``).
ENCODING_CHOICES = (
    ("utf-8-sig", "UTF-8"),
    ("gb18030", "GB18030 / GBK"),
    ("big5", "Big5"),
    ("cp1252", "Windows-1252"),
    ("cp1250", "Windows-1250"),
    ("latin-1", "ISO-8859-1"),
)
# A Chinese character between two Latin letters: what a Western file read as GB18030 looks like
# (``f黵 angewandte``), and what a Chinese file almost never holds.
_CJK_IN_LATIN = re.compile(r"[A-Za-z][\u3400-\u9fff\uf900-\ufaff]+[A-Za-z]")
# Two characters of the upper half of Windows-1252 in a row: what a Chinese file read as Windows-1252
# looks like (every Chinese character is two such bytes), and what a Western text rarely holds.
_HIGH_PAIR = re.compile(
    r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]{2}"
)
_HIGH = re.compile(r"[\u0080-\u00ff]")


def detect_encoding(data: bytes) -> str:
    """The encoding of a CSV file's bytes, by their content: UTF-8 when they read as UTF-8; otherwise
    GB18030 or Windows-1252, whichever reading looks like text. Decoding Western bytes as GB18030 never
    fails, it only turns ``für`` into ``f黵`` (issue 18 item 12), so the first reading that works is not
    taken: a Western reading with its accented letters mostly alone wins over a Chinese one that puts
    Chinese characters inside Latin words."""
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return _not_utf8(data)


def _not_utf8(data: bytes) -> str:
    """``detect_encoding`` for bytes known not to be UTF-8."""
    sample = data[:1_000_000]
    readings: dict[str, str] = {}
    for encoding in ("gb18030", "cp1252"):
        try:
            readings[encoding] = sample.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
    western = readings.get("cp1252")
    if western is not None:
        pairs, highs = len(_HIGH_PAIR.findall(western)), len(_HIGH.findall(western))
        chinese = readings.get("gb18030")
        if chinese is None or _CJK_IN_LATIN.search(chinese) or pairs * 4 < highs:
            return "cp1252"
    if "gb18030" in readings:
        return "gb18030"
    raise SpreadsheetError(_("The file is neither an Excel workbook nor a readable CSV text file."))


def decode_text(data: bytes, encoding: str = "") -> str:
    """Text of a CSV file, in ``encoding`` when the user chose one, else as ``detect_encoding`` finds. A
    Chinese reading that still puts Chinese characters inside Latin words is refused, naming them, so
    that the user can choose the file's encoding instead of importing mangled names."""
    if not encoding:
        try:  # most files are UTF-8: read them once, not once to detect and once to decode
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    chosen = encoding or _not_utf8(data)  # UTF-8 was tried just above
    try:
        text = data.decode(chosen)
    except (UnicodeDecodeError, LookupError) as exc:
        label = dict(ENCODING_CHOICES).get(chosen, chosen)
        raise SpreadsheetError(
            _("The file cannot be read as %(encoding)s; choose the encoding it was saved in.")
            % {"encoding": label}
        ) from exc
    if not encoding and chosen == "gb18030" and (mixed := _CJK_IN_LATIN.findall(text[:1_000_000])):
        shown = "、".join(f"“{m}”" for m in list(dict.fromkeys(mixed))[:5])
        raise SpreadsheetError(
            _(
                "Read as Chinese (GB18030), the file puts Chinese characters inside Latin words (%(words)s): "
                "it may be a Western file. Choose its encoding (such as Windows-1252) and upload it again."
            )
            % {"words": shown}
        )
    return text


def _csv_rows(data: bytes, encoding: str = "") -> Iterator[Sequence[str]]:
    """Rows of a CSV file, one at a time (a year of the EC's records is a million rows); the separator
    (comma, semicolon or tab) is the commonest in the first line."""
    if b"\x00" in data[:65536]:
        raise SpreadsheetError(_("The file is neither an Excel workbook nor a readable CSV text file."))
    text = decode_text(data, encoding)
    first = text[: text.find("\n") if "\n" in text else len(text)]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise SpreadsheetError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time: a million-row file is not copied into a list
    of lines or a ``StringIO`` (which holds four bytes a character) besides its text."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end == -1:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _csv_errors(rows: Iterator[RawRow]) -> Iterator[RawRow]:
    try:
        yield from rows
    except csv.Error as exc:
        raise SpreadsheetError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def _header(rows: Iterator[Sequence[Any]], columns: Sequence[Column]) -> tuple[dict[str, int], int]:
    """The positions of the columns in the header row and its number (the rows above it are consumed).

    Without one, the error says which required columns are missing and what the likeliest header row (the
    one naming most of them, else the first that is not empty) names instead."""
    best: tuple[int, int, Sequence[Any], dict[str, int]] | None = None  # matches, row number, row, positions
    for number, row in enumerate(rows, start=1):
        positions = {}
        for index, text in enumerate(row):
            for column in columns:
                if column.key not in positions and text is not None and column.matches(str(text)):
                    positions[column.key] = index
        if all(c.key in positions for c in columns if c.required) and positions:
            return positions, number
        named = [t for t in row if t is not None and str(t).strip()]
        if named and (best is None or len(positions) > best[0]):
            best = (len(positions), number, named, positions)
        if number >= 10:
            break
    if best is None:
        missing = ", ".join(c.header for c in columns if c.required)
        raise SpreadsheetError(
            _("No header row was found in the first ten rows. It must name these columns: %(columns)s.")
            % {"columns": missing}
        )
    _matches, number, header_texts, positions = best
    missing = ", ".join(c.header for c in columns if c.required and c.key not in positions)
    found = ", ".join(f"“{str(t).strip()[:40]}”" for t in list(header_texts)[:30])
    raise SpreadsheetError(
        _(
            "No header row was found in the first ten rows. Row %(row)s comes closest but lacks these "
            "columns: %(missing)s. It names: %(found)s."
        )
        % {"row": number, "missing": missing, "found": found}
    )


class RowFilter:
    """Rows a reader leaves out before they become ``RawRow``s (another institution's rows of the EC's
    files: nine in ten of a million), counted by reason. ``make(positions)`` gives the test of one raw
    row, or None to keep every row; the test returns why a row is left out, or ""."""

    def __init__(self, make: Callable[[dict[str, int]], Callable[[Sequence[Any]], str] | None]) -> None:
        self.make = make
        self.counts: dict[str, int] = {}


def _data_rows(
    rows: Iterator[Sequence[Any]],
    positions: dict[str, int],
    header_number: int,
    max_rows: int = MAX_ROWS,
    read_seconds: float | None = None,
    row_filter: RowFilter | None = None,
) -> Iterator[RawRow]:
    """The data rows below the header. Every row read counts against ``max_rows``, blank ones too (two
    million blank rows fit in a 10 MB workbook), and reading stops at the cap or, in a request, once the
    file has taken ``read_seconds``: a request never holds a web worker past its timeout."""
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}  # shared by every row
    deadline = None if read_seconds is None else time.monotonic() + read_seconds
    leave_out = row_filter.make(positions) if row_filter is not None else None
    for number, row in enumerate(rows, start=header_number + 1):
        if number - header_number > max_rows:
            raise SpreadsheetError(
                _("The file has more than %(n)s rows below its header (blank rows count); split it.")
                % {"n": max_rows}
            )
        if deadline is not None and number % 1000 == 0 and time.monotonic() > deadline:
            message = _("Reading the file took longer than %(s)s seconds (row %(row)s); split it.")
            raise SpreadsheetError(message % {"s": read_seconds, "row": number})
        if leave_out is not None and (reason := leave_out(row)):
            assert row_filter is not None
            row_filter.counts[reason] = row_filter.counts.get(reason, 0) + 1
            continue
        values = {key: (row[index] if index < len(row) else None) for key, index in positions.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        yield RawRow(number=number, values=values, letters=letters)


def xlsx_response(data: bytes, base_name: str) -> HttpResponse:
    """An Excel download named ``<base_name>-<today>.xlsx``."""
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{base_name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
