"""Checking and committing import files. The engine is core.importing; this keeps the file and the log."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.core import audit, importing
from intercoop.core.errors import DomainError
from intercoop.core.uploads import MAX_SPREADSHEET_BYTES, XLSX, check_upload
from intercoop.imports.models import ImportBatch
from intercoop.org.models import Institution

MAX_PROBLEMS_KEPT = 2000


class ImportError_(DomainError):
    pass


def problems_of(preview: importing.Preview) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = [
        {"row": None, "column": "", "label": "", "message": message} for message in preview.file_errors
    ]
    problems += [
        {"row": e.row, "column": e.column, "label": e.label, "message": e.message} for e in preview.errors
    ]
    return problems[:MAX_PROBLEMS_KEPT]


def _context(institution: Institution) -> dict[str, Any]:
    return {"institution": institution}


@transaction.atomic
def batch_check(
    *, institution: Institution, importer: importing.Importer, upload: UploadedFile, actor: Any
) -> ImportBatch:
    """Keep the file and check every row; nothing of its content is written."""
    checked = check_upload(upload, allowed=frozenset({XLSX}), max_bytes=MAX_SPREADSHEET_BYTES)
    data = upload.read()
    preview = importing.preview(importer, data, context=_context(institution))
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
    return importing.preview(importer, bytes(batch.data), context=_context(batch.institution))


def batch_commit(*, batch: ImportBatch, importer: importing.Importer, actor: Any) -> ImportBatch:
    """Check the kept file again against today's data and import every row, or nothing.

    A rejected file keeps its new list of problems (written after the rolled-back attempt).
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ImportBatch.Status.COMMITTED:
            raise ImportError_(_("This file was imported already."))
        try:
            count, _preview = importing.commit(
                importer, bytes(batch.data), context=_context(batch.institution), actor=actor
            )
        except importing.ImportRejected as exc:
            rejected = exc
        else:
            batch.status = ImportBatch.Status.COMMITTED
            batch.committed_at = timezone.now()
            batch.imported = count
            batch.save(update_fields=["status", "committed_at", "imported", "updated_at"])
            audit.record(batch, "imports.batch.committed", actor=actor, data={"imported": count})
            return batch
    ImportBatch.objects.filter(pk=batch.pk).update(
        problems=problems_of(rejected.preview), rows_valid=rejected.preview.valid_count
    )
    raise rejected


def preview_file(
    *, institution: Institution, importer: importing.Importer, upload: UploadedFile
) -> importing.Preview:
    """Check a file without keeping it (API)."""
    check_upload(upload, allowed=frozenset({XLSX}), max_bytes=MAX_SPREADSHEET_BYTES)
    return importing.preview(importer, upload.read(), context=_context(institution))


def commit_file(
    *, institution: Institution, importer: importing.Importer, upload: UploadedFile, actor: Any
) -> int:
    """Check and import a file in one step (API): every row, or nothing."""
    batch = batch_check(institution=institution, importer=importer, upload=upload, actor=actor)
    return batch_commit(batch=batch, importer=importer, actor=actor).imported
