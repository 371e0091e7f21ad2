"""Checking and committing import files. The engine is core.importing; this keeps the file and the log."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intercoop.core import audit, importing
from intercoop.core.errors import DomainError
from intercoop.core.spreadsheets import ENCODING_CHOICES, Column, Sheet, write_xlsx
from intercoop.core.uploads import CSV, XLSX, check_upload
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


def _context(
    institution: Institution, actor: Any = None, batch_id: int | None = None, encoding: str = ""
) -> dict[str, Any]:
    return {
        "institution": institution,
        "actor": actor,
        "batch_id": batch_id,
        "encoding": encoding,
        "batch_names": _batch_names,
    }


def _batch_names(ids: set[int]) -> dict[int, str]:
    """How a report names earlier files (an importer's "imported before from …")."""
    return {
        pk: f"{name} (#{pk})"
        for pk, name in ImportBatch.objects.filter(pk__in=ids).values_list("pk", "filename")
    }


def _encoding(value: str) -> str:
    if value and value not in dict(ENCODING_CHOICES):
        raise ImportError_(_("Choose one of the offered encodings."), field="encoding")
    return value


@transaction.atomic
def batch_check(
    *,
    institution: Institution,
    importer: importing.Importer,
    upload: UploadedFile,
    actor: Any,
    encoding: str = "",
) -> ImportBatch:
    """Keep the file and check every row; nothing of its content is written. ``encoding`` is a CSV
    file's, where the user chose it (else it is detected)."""
    encoding = _encoding(encoding)
    checked = check_upload(upload, allowed=_kinds(importer), max_bytes=importer.max_bytes)
    data = upload.read()
    preview = importing.preview(importer, data, context=_context(institution, actor, encoding=encoding))
    batch = ImportBatch(
        institution=institution,
        kind=importer.key,
        filename=checked.name[:200],
        created_by=actor,
        encoding=encoding,
    )
    _keep_file(batch, data)
    _keep_check(batch, preview)
    batch.save()
    audit.record(
        batch,
        "imports.batch.previewed",
        actor=actor,
        data={"rows": batch.rows_total, "problems": batch.problems_count, "skipped": batch.skipped_count},
    )
    return batch


CHECK_FIELDS = [
    "rows_total",
    "rows_valid",
    "problems",
    "problems_count",
    "unchanged",
    "new_rows",
    "skipped",
    "sample",
]
SAMPLE_ROWS = 200


def _keep_check(batch: ImportBatch, preview: importing.Preview) -> None:
    """What a check found, on the batch (the caller saves ``CHECK_FIELDS`` and ``checked_at``): the page
    shows it without reading the file again."""
    problems = problems_of(preview)
    batch.rows_total = preview.total
    batch.rows_valid = preview.valid_count
    batch.problems = problems
    batch.problems_count = len(preview.file_errors) + len(preview.errors)
    batch.unchanged = preview.unchanged_count
    batch.new_rows = len(preview.to_write)
    batch.skipped = dict(preview.skipped)
    batch.sample = [
        {
            "row": r.number,
            "summary": r.summary,
            "state": "problem" if r.errors else ("unchanged" if r.unchanged else "ok"),
            "unchanged": r.unchanged,
        }
        for r in preview.rows[:SAMPLE_ROWS]
    ]
    batch.checked_at = timezone.now()


@transaction.atomic
def batch_recheck(*, batch: ImportBatch, importer: importing.Importer, actor: Any) -> ImportBatch:
    """Check a kept file again against today's data (a partner added since, a row imported by another
    file): its counts and problems are replaced; nothing of its content is written."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.CHECKED:
        raise ImportError_(_("Only a file that is not imported yet is checked again."))
    _keep_check(batch, preview_of(batch, importer))
    batch.save(update_fields=[*CHECK_FIELDS, "checked_at", "updated_at"])
    audit.record(
        batch,
        "imports.batch.previewed",
        actor=actor,
        data={"rows": batch.rows_total, "problems": batch.problems_count, "again": True},
    )
    return batch


def preview_of(batch: ImportBatch, importer: importing.Importer) -> importing.Preview:
    return importing.preview(
        importer,
        _content(batch),
        context=_context(batch.institution, batch.created_by, batch.pk, batch.encoding),
    )


def batch_commit(
    *,
    batch: ImportBatch,
    importer: importing.Importer,
    actor: Any,
    partial: bool = False,
    background: bool = False,
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
            context = _context(batch.institution, actor, batch.pk, batch.encoding)
            if background:
                context["read_seconds"] = None  # the worker has no request timeout to keep
            count, result = importing.commit(
                importer, _content(batch), context=context, actor=actor, partial=partial
            )
        except importing.ImportRejected as exc:
            rejected = exc
        else:
            batch.status = ImportBatch.Status.COMMITTED
            batch.committed_at = timezone.now()
            _forget(batch)
            _keep_check(batch, result)
            batch.imported = count
            batch.new_rows = count
            batch.save(
                update_fields=[
                    *CHECK_FIELDS,
                    "checked_at",
                    "status",
                    "committed_at",
                    "imported",
                    "file",
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
    _keep_check(batch, rejected.preview)
    ImportBatch.objects.filter(pk=batch.pk).update(
        **{name: getattr(batch, name) for name in [*CHECK_FIELDS, "checked_at"]}
    )
    raise rejected


def _keep_file(batch: ImportBatch, data: bytes) -> None:
    """Put the uploaded file in storage under a name of ours (the caller saves the batch)."""
    suffix = "." + batch.filename.rsplit(".", 1)[-1][:7] if "." in batch.filename else ""
    batch.file.save(f"upload{suffix}", ContentFile(data), save=False)
    batch.file_size = len(data)
    batch.file_sha256 = hashlib.sha256(data).hexdigest()


def _content(batch: ImportBatch) -> bytes:
    """The kept file, read from storage once."""
    if not batch.file:
        raise ImportError_(_("This file was not imported in time and has been discarded; upload it again."))
    with batch.file.open("rb") as handle:
        return handle.read()


def _forget(batch: ImportBatch) -> None:
    """Keep the file's digest, drop its content from storage (the caller saves)."""
    if batch.file_removed_at is None:
        if batch.file:
            if not batch.file_sha256:
                batch.file_sha256 = hashlib.sha256(_content(batch)).hexdigest()
            name, storage = batch.file.name, batch.file.storage
            # Removed once the import is committed: a rolled-back import keeps its file.
            transaction.on_commit(lambda: storage.delete(name))
        batch.file = ""
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
            batch.save(update_fields=["status", "file", "file_sha256", "file_removed_at", "updated_at"])
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
    *,
    institution: Institution,
    importer: importing.Importer,
    upload: UploadedFile,
    actor: Any = None,
    encoding: str = "",
) -> importing.Preview:
    """Check a file without keeping it (API)."""
    encoding = _encoding(encoding)
    check_upload(upload, allowed=_kinds(importer), max_bytes=importer.max_bytes)
    return importing.preview(importer, upload.read(), context=_context(institution, actor, encoding=encoding))


def commit_file(
    *,
    institution: Institution,
    importer: importing.Importer,
    upload: UploadedFile,
    actor: Any,
    partial: bool = False,
    encoding: str = "",
) -> ImportBatch:
    """Check and import a file in one step (API): every row, or nothing (or the clean rows: ``partial``).
    The file is kept and read once (the commit checks every row itself)."""
    encoding = _encoding(encoding)
    checked = check_upload(upload, allowed=_kinds(importer), max_bytes=importer.max_bytes)
    batch = ImportBatch(
        institution=institution,
        kind=importer.key,
        encoding=encoding,
        filename=checked.name[:200],
        created_by=actor,
    )
    _keep_file(batch, upload.read())
    batch.save()
    try:
        return batch_commit(batch=batch, importer=importer, actor=actor, partial=partial)
    except importing.ImportRejected as exc:
        batch.refresh_from_db()
        audit.record(
            batch,
            "imports.batch.previewed",
            actor=actor,
            data={"rows": exc.preview.total, "problems": batch.problems_count},
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


# -- large files: checked and imported by the worker (issue 18 item 6) --------------------------------------


def in_background(size: int) -> bool:
    """Is a file of ``size`` bytes checked and imported by the worker rather than within a request?"""
    return size > settings.IMPORT_BACKGROUND_BYTES


def batch_upload(
    *,
    institution: Institution,
    importer: importing.Importer,
    upload: UploadedFile,
    actor: Any,
    encoding: str = "",
) -> ImportBatch:
    """Take an uploaded file: checked at once when it is small, else kept and handed to the worker, the
    batch page showing the worker's progress. Either way nothing of its content is written."""
    encoding = _encoding(encoding)
    checked = check_upload(upload, allowed=_kinds(importer), max_bytes=importer.max_bytes)
    if not in_background(checked.size):
        return batch_check(
            institution=institution, importer=importer, upload=upload, actor=actor, encoding=encoding
        )
    from intercoop.imports import tasks

    data = upload.read()
    with transaction.atomic():
        batch = ImportBatch(
            institution=institution,
            kind=importer.key,
            filename=checked.name[:200],
            created_by=actor,
            encoding=encoding,
            work=ImportBatch.Work.CHECK,
            work_state=ImportBatch.WorkState.QUEUED,
            work_by=actor,
            progress_total=max(0, data.count(b"\n") - 1) if checked.kind == CSV else 0,
        )
        _keep_file(batch, data)
        batch.save()
        audit.record(batch, "imports.batch.queued", actor=actor, data={"bytes": len(data), "work": "check"})
        tasks.check_batch.enqueue(batch.pk)
    return batch


def commit_or_queue(
    *, batch: ImportBatch, importer: importing.Importer, actor: Any, partial: bool = False
) -> ImportBatch:
    """Import a checked file: at once when it is small, else by the worker (the page follows it)."""
    if not in_background(_size(batch)):
        return batch_commit(batch=batch, importer=importer, actor=actor, partial=partial)
    from intercoop.imports import tasks

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.CHECKED:
            raise ImportError_(_("This file was imported already."))
        if batch.working:
            raise ImportError_(_("The worker is at this file already; wait for it to finish."))
        batch.work = ImportBatch.Work.COMMIT
        batch.work_state = ImportBatch.WorkState.QUEUED
        batch.work_partial = partial
        batch.work_by = actor
        batch.work_error = ""
        batch.save(
            update_fields=["work", "work_state", "work_partial", "work_by", "work_error", "updated_at"]
        )
        audit.record(batch, "imports.batch.queued", actor=actor, data={"work": "commit", "partial": partial})
        tasks.commit_batch.enqueue(batch.pk)
    return batch


def _size(batch: ImportBatch) -> int:
    return batch.file_size


def _claim(batch_id: int, work: str) -> ImportBatch | None:
    """The batch, marked running, if it waits for this work; None when another worker took it or it was
    done already (a task run twice does nothing the second time)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.work != work or batch.work_state != ImportBatch.WorkState.QUEUED:
            return None
        batch.work_state = ImportBatch.WorkState.RUNNING
        batch.work_started_at = timezone.now()
        batch.progress_rows = batch.progress_problems = 0
        batch.save(update_fields=["work_state", "work_started_at", "progress_rows", "progress_problems"])
    return batch


def _finish(batch: ImportBatch, *, failed: str = "") -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        work_state=ImportBatch.WorkState.FAILED if failed else ImportBatch.WorkState.DONE,
        work_error=failed[:2000],
        work_finished_at=timezone.now(),
    )


def _notify(batch: ImportBatch, subject: str, body: str = "") -> None:
    """Tell who asked for the work that it is done, in the notification centre."""
    from django.urls import reverse

    from intercoop.core.models import Notification

    user = batch.work_by or batch.created_by
    Notification.objects.update_or_create(
        user=user,
        key=f"import:{batch.pk}:{batch.work}"[:200],
        defaults={
            "institution_id": batch.institution_id,
            "subject": subject[:200],
            "body": body,
            "url": reverse("imports:batch", args=[batch.pk]),
            "read_at": None,
            "created_at": timezone.now(),
        },
    )


def run_check(batch_id: int) -> None:
    """The worker checks a queued file: every row, its progress written as it reads, nothing of the
    content written; its counts and problems kept on the batch, and its uploader told."""
    batch = _claim(batch_id, ImportBatch.Work.CHECK)
    if batch is None:
        return
    importer = importing.get(batch.kind)
    assert importer is not None
    batch_pk = batch.pk

    def progress(rows: int, problems: int) -> None:
        ImportBatch.objects.filter(pk=batch_pk).update(progress_rows=rows, progress_problems=problems)

    context = _context(batch.institution, batch.created_by, batch.pk, batch.encoding)
    context.update(progress=progress, read_seconds=None)
    with translation.override(_language_of(batch.work_by or batch.created_by)):
        try:
            preview = importing.preview(importer, _content(batch), context=context)
        except Exception as exc:
            _finish(batch, failed=f"{type(exc).__name__}: {exc}")
            _notify(batch, _("Checking %(file)s failed.") % {"file": batch.filename}, str(exc))
            raise
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            _keep_check(batch, preview)
            batch.progress_rows = preview.total
            batch.progress_problems = batch.problems_count
            batch.save(update_fields=[*CHECK_FIELDS, "checked_at", "progress_rows", "progress_problems"])
            audit.record(
                batch,
                "imports.batch.previewed",
                actor=batch.created_by,
                data={"rows": batch.rows_total, "problems": batch.problems_count, "worker": True},
            )
        _finish(batch)
        _notify(
            batch,
            _("%(file)s is checked: %(new)s new rows, %(problems)s problems.")
            % {"file": batch.filename, "new": batch.new_rows, "problems": batch.problems_count},
        )


def run_commit(batch_id: int) -> None:
    """The worker imports a checked file, all or nothing (or the clean rows, as asked), and says so."""
    batch = _claim(batch_id, ImportBatch.Work.COMMIT)
    if batch is None:
        return
    importer = importing.get(batch.kind)
    assert importer is not None
    actor = batch.work_by
    with translation.override(_language_of(actor or batch.created_by)):
        try:
            done = batch_commit(
                batch=batch, importer=importer, actor=actor, partial=batch.work_partial, background=True
            )
        except importing.ImportRejected as exc:
            _finish(batch)
            _notify(
                batch, _("Nothing of %(file)s was imported.") % {"file": batch.filename}, str(exc.message)
            )
            return
        except Exception as exc:
            _finish(batch, failed=f"{type(exc).__name__}: {exc}")
            _notify(batch, _("Importing %(file)s failed.") % {"file": batch.filename}, str(exc))
            raise
        _finish(done)
        _notify(
            done,
            _("%(file)s is imported: %(n)s rows, %(u)s unchanged.")
            % {"file": batch.filename, "n": done.imported, "u": done.unchanged},
        )


def _language_of(user: Any) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE
