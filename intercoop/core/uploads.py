"""Checks for uploaded files: the type is read from the content, not trusted from the name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from intercoop.core.errors import DomainError

PDF, PNG, JPEG, XLSX, CSV = "pdf", "png", "jpeg", "xlsx", "csv"
EXTENSIONS = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    XLSX: (".xlsx",),
    CSV: (".csv", ".txt"),
}
CONTENT_TYPES = {
    PDF: "application/pdf",
    PNG: "image/png",
    JPEG: "image/jpeg",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv",
}
DOCUMENT_KINDS = frozenset({PDF, PNG, JPEG})
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_SPREADSHEET_BYTES = 10 * 1024 * 1024


def serve_file(
    file: FieldFile, *, filename: str, content_type: str | None = None, as_attachment: bool = False
) -> FileResponse:
    """A stored upload, to a reader the caller has checked: never sniffed as another type, never cached."""
    response = FileResponse(
        file.open("rb"), content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class UploadError(DomainError):
    default_code = "invalid_file"


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    name: str
    size: int
    content_type: str


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for ZIP containers, its table of contents)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
    return None


# Encodings of CSV files, in the order they are tried: UTF-8 (with or without BOM), GB18030 (Excel in
# China), Windows-1252.
TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "cp1252")


def looks_like_text(data: bytes) -> bool:
    """Plain text (a CSV file): no NUL bytes, and readable in one of ``TEXT_ENCODINGS``."""
    head = data[:65536]
    if not head or b"\x00" in head:
        return False
    for encoding in TEXT_ENCODINGS:
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start >= len(head) - 4:  # a character cut at the sample's end
                return True
    return False


def check_upload(
    upload: UploadedFile, *, allowed: frozenset[str], max_bytes: int, field: str = "file"
) -> CheckedFile:
    """Refuse files that are too large, empty, or not what their content says they are."""
    size = upload.size or 0
    if size == 0:
        raise UploadError(_("The file is empty."), field=field)
    if size > max_bytes:
        raise UploadError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            field=field,
        )
    upload.seek(0)
    whole = XLSX in allowed or CSV in allowed
    data = upload.read() if whole else upload.read(16)
    upload.seek(0)
    kind = sniff(data[:16], data if whole else None)
    if kind is None and CSV in allowed and not data.startswith(b"PK\x03\x04") and looks_like_text(data):
        kind = CSV  # a broken workbook (a zip that is not one) is not text, whatever its bytes decode to
    name = upload.name or "upload"
    expected = ", ".join(sorted(e for k in allowed for e in EXTENSIONS[k]))
    if kind is None or kind not in allowed:
        raise UploadError(
            _("%(name)s is not a file of an accepted type (%(types)s), whatever its name says.")
            % {"name": name, "types": expected},
            field=field,
        )
    if not name.lower().endswith(EXTENSIONS[kind]):
        raise UploadError(
            _("%(name)s contains a %(kind)s file but is named otherwise; rename it and upload it again.")
            % {"name": name, "kind": kind.upper()},
            field=field,
        )
    return CheckedFile(kind=kind, name=name, size=size, content_type=CONTENT_TYPES[kind])
