from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.core.models import TenantModel


def stored_path(instance: ImportBatch, filename: str) -> str:
    """Under the institution and the month, named by a random token (never by the uploader)."""
    now = timezone.now()
    return (
        f"imports/{instance.institution_id}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{Path(filename).suffix[:8]}"
    )


class ImportBatch(TenantModel):
    """One uploaded file: checked (preview), then committed whole or not at all. Kept as the import log."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        COMMITTED = "committed", _("Imported")
        ABANDONED = "abandoned", _("Abandoned")

    kind = models.CharField(_("kind"), max_length=40)
    filename = models.CharField(_("file"), max_length=200)
    # The uploaded file, kept only while it may still be imported (imports.services._forget): once
    # committed or abandoned only its digest stays, as proof of which file it was. In file storage, not
    # in the database: a year of the EC's records is 100 MB, which a worker reads from disk once instead
    # of from a bytea row (its hex text and the bytes). Never served by URL.
    file = models.FileField(upload_to=stored_path, max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_sha256 = models.CharField(_("file's SHA-256"), max_length=64, blank=True)
    file_removed_at = models.DateTimeField(_("file removed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CHECKED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_valid = models.PositiveIntegerField(_("rows without errors"), default=0)
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    committed_at = models.DateTimeField(null=True, blank=True)
    imported = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)  # rows imported by an earlier file, left as they were
    # What the last check found, kept so that the page need not read the file again (issue 18 item 5).
    new_rows = models.PositiveIntegerField(default=0)  # clean rows that an import would write
    skipped = models.JSONField(default=dict, blank=True)  # reason -> rows that are not this import's
    problems_count = models.PositiveIntegerField(default=0)
    sample = models.JSONField(default=list, blank=True)
    encoding = models.CharField(
        _("encoding"), max_length=20, blank=True
    )  # a CSV file's, as the user chose  # the first rows as checked: number, summary, state
    checked_at = models.DateTimeField(null=True, blank=True)

    # Work in the background (a large file: IMPORT_BACKGROUND_BYTES): what the worker does or did with
    # the file, how far it has read, and why it failed. Progress is written as the file is read, so the
    # page shows it while the worker is still at it.
    class Work(models.TextChoices):
        NONE = "", _("none")
        CHECK = "check", _("checking")
        COMMIT = "commit", _("importing")

    class WorkState(models.TextChoices):
        NONE = "", _("none")
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    work = models.CharField(max_length=10, choices=Work.choices, blank=True, default="")
    work_state = models.CharField(max_length=10, choices=WorkState.choices, blank=True, default="")
    work_error = models.TextField(blank=True)
    work_partial = models.BooleanField(default=False)  # the commit asked for imports the clean rows only
    work_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    progress_rows = models.PositiveIntegerField(default=0)
    progress_problems = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)  # a CSV file's lines, known before reading it
    work_started_at = models.DateTimeField(null=True, blank=True)
    work_finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["institution", "kind", "-created_at"], name="import_inst_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"

    @property
    def is_valid(self) -> bool:
        return not self.problems_count and self.rows_total > 0

    @property
    def working(self) -> bool:
        """Is the worker to check or import this file, or at it now?"""
        return self.work_state in (self.WorkState.QUEUED, self.WorkState.RUNNING)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(self.progress_rows * 100 / self.progress_total))

    @property
    def checked(self) -> bool:
        """Has the file been checked (its counts and problems are its own)?"""
        return self.checked_at is not None

    @property
    def skipped_count(self) -> int:
        return sum((self.skipped or {}).values())
