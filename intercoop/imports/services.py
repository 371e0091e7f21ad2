"""Checking and committing import files. The engine is core.importing; this keeps the file and the log."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.core import audit, importing
from intercoop.core.errors import DomainError
from intercoop.core.spreadsheets import Column, Sheet, write_xlsx
from intercoop.core.uploads import CSV, MAX_SPREADSHEET_BYTES, XLSX, check_upload
from intercoop.imports.models import ImportBatch
from intercoop.org.models import Institution

MAX_PROBLEMS_KEPT = 100_000  # every row of the largest file: the report is complete


class ImportError_(DomainError):
    pass


def _kinds(importer: importing.Importer) -> frozenset[str]:
    """Excel always; CSV for importers that read it (files from other systems)."""
    return frozenset({XLSX, CSV}) if importer.accepts_csv else frozenset({XLSX})


def problems_of(preview: importing.Preview) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = [
        {"row": None, "column": "", "label": "", "message": message} for message in preview.file_errors
    ]
    problems += [
        {"row": e.row, "column": e.column, "label": e.label, "message": e.message} for e in preview.errors
    ]
    return problems[:MAX_PROBLEMS_KEPT]


def _context(institution: Institution, actor: Any = None, batch_id: int | None = None) -> dict[str, Any]:
    return {"institution": institution, "actor": actor, "batch_id": batch_id}


@transaction.atomic
def batch_check(
    *, institution: Institution, importer: importing.Importer, upload: UploadedFile, actor: Any
) -> ImportBatch:
    """Keep the file and check every row; nothing of its content is written."""
    checked = check_upload(upload, allowed=_kinds(importer), max_bytes=MAX_SPREADSHEET_BYTES)
    data = upload.read()
    preview = importing.preview(importer, data, context=_context(institution, actor))
    batch = ImportBatch.objects.create(
        institution=institution,
        kind=importer.key,
        filename=checked.name[:200],
        data=data,
        rows_total=len(preview.rows),
        rows_valid=preview.valid_count,
        problems=problems_of(preview),
        created_by=actor,
    )
    audit.record(
        batch,
        "imports.batch.previewed",
        actor=actor,
        data={"rows": batch.rows_total, "problems": len(batch.problems)},
    )
    return batch


def preview_of(batch: ImportBatch, importer: importing.Importer) -> importing.Preview:
    return importing.preview(
        importer, bytes(batch.data), context=_context(batch.institution, batch.created_by, batch.pk)
    )


def batch_commit(
    *, batch: ImportBatch, importer: importing.Importer, actor: Any, partial: bool = False
) -> ImportBatch:
    """Check the kept file again against today's data and import every row, or nothing.

    With ``partial`` (where the importer allows it) the rows without problems are imported and the
    others are kept in the report with their reasons. Rows imported before are left unchanged.
    A rejected file keeps its new list of problems (written after the rolled-back attempt).
    """
    with transaction.atomic():
        # One import at a time per institution: a second file (or the same file twice at once) waits for
        # the first and then finds its rows imported, instead of colliding with them half-way.
        Institution.objects.select_for_update().filter(pk=batch.institution_id).first()
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ImportBatch.Status.COMMITTED:
            raise ImportError_(_("This file was imported already."))
        if batch.status == ImportBatch.Status.ABANDONED:
            raise ImportError_(
                _("This file was not imported in time and has been discarded; upload it again.")
            )
        try:
            count, result = importing.commit(
                importer,
                bytes(batch.data),
                context=_context(batch.institution, actor, batch.pk),
                actor=actor,
                partial=partial,
            )
        except importing.ImportRejected as exc:
            rejected = exc
        else:
            batch.status = ImportBatch.Status.COMMITTED
            batch.committed_at = timezone.now()
            _forget(batch)
            batch.imported = count
            batch.unchanged = result.unchanged_count
            batch.problems = problems_of(result)
            batch.rows_valid = result.valid_count
            batch.rows_total = len(result.rows)
            batch.save(
                update_fields=[
                    "rows_total",
                    "status",
                    "committed_at",
                    "imported",
                    "unchanged",
                    "problems",
                    "rows_valid",
                    "data",
                    "file_sha256",
                    "file_removed_at",
                    "updated_at",
                ]
            )
            audit.record(
                batch,
                "imports.batch.committed",
                actor=actor,
                data={
                    "imported": count,
                    "unchanged": batch.unchanged,
                    "rejected": len(result.rows) - batch.rows_valid,
                },
            )
            return batch
    ImportBatch.objects.filter(pk=batch.pk).update(
        problems=problems_of(rejected.preview),
        rows_valid=rejected.preview.valid_count,
        rows_total=len(rejected.preview.rows),
    )
    raise rejected


def _forget(batch: ImportBatch) -> None:
    """Keep the file's digest, drop its content (the caller saves)."""
    if batch.file_removed_at is None:
        batch.file_sha256 = hashlib.sha256(bytes(batch.data)).hexdigest()
        batch.data = b""
        batch.file_removed_at = timezone.now()


def abandon_stale(*, now: dt.datetime | None = None) -> int:
    """Files checked but never imported within ``settings.IMPORT_KEEP_UNCOMMITTED_DAYS``: abandoned, their
    content dropped (the digest, the row counts and the problem report stay). Daily; idempotent."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.IMPORT_KEEP_UNCOMMITTED_DAYS)
    count = 0
    for pk in ImportBatch.objects.filter(
        status=ImportBatch.Status.CHECKED, created_at__lt=cutoff
    ).values_list("pk", flat=True):
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=pk)
            if batch.status != ImportBatch.Status.CHECKED:
                continue
            batch.status = ImportBatch.Status.ABANDONED
            _forget(batch)
            batch.save(update_fields=["status", "data", "file_sha256", "file_removed_at", "updated_at"])
            audit.record(
                batch,
                "imports.batch.abandoned",
                actor=None,
                data={"days": settings.IMPORT_KEEP_UNCOMMITTED_DAYS},
                institution_id=batch.institution_id,
            )
            count += 1
    return count


def preview_file(
    *, institution: Institution, importer: importing.Importer, upload: UploadedFile, actor: Any = None
) -> importing.Preview:
    """Check a file without keeping it (API)."""
    check_upload(upload, allowed=_kinds(importer), max_bytes=MAX_SPREADSHEET_BYTES)
    return importing.preview(importer, upload.read(), context=_context(institution, actor))


def commit_file(
    *,
    institution: Institution,
    importer: importing.Importer,
    upload: UploadedFile,
    actor: Any,
    partial: bool = False,
) -> ImportBatch:
    """Check and import a file in one step (API): every row, or nothing (or the clean rows: ``partial``).
    The file is kept and read once (the commit checks every row itself)."""
    checked = check_upload(upload, allowed=_kinds(importer), max_bytes=MAX_SPREADSHEET_BYTES)
    batch = ImportBatch.objects.create(
        institution=institution,
        kind=importer.key,
        filename=checked.name[:200],
        data=upload.read(),
        created_by=actor,
    )
    try:
        return batch_commit(batch=batch, importer=importer, actor=actor, partial=partial)
    except importing.ImportRejected as exc:
        batch.refresh_from_db()
        audit.record(
            batch,
            "imports.batch.previewed",
            actor=actor,
            data={"rows": len(exc.preview.rows), "problems": len(batch.problems)},
        )
        raise


def report_xlsx(batch: ImportBatch) -> bytes:
    """The whole problem report of a file (every rejected row with its reason), for the office to fix."""
    columns = [
        Column("row", "行", "Row", width=8),
        Column("column", "列", "Column", width=8),
        Column("label", "列名", "Column name", width=30),
        Column("message", "问题", "Problem", width=90),
    ]
    rows = [[p.get("row"), p.get("column"), p.get("label"), p.get("message")] for p in batch.problems]
    return write_xlsx([Sheet(title=_("Problems"), columns=columns, rows=rows)])
