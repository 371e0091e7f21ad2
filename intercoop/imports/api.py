"""API: check or import an Excel (or, where the importer reads it, CSV) file for any registered importer."""

from typing import Any, Literal, get_args

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from intercoop.core import importing
from intercoop.core.apitypes import Id
from intercoop.core.errors import DomainError
from intercoop.core.spreadsheets import ENCODING_CHOICES
from intercoop.imports import selectors, services
from intercoop.org.selectors import institution_of

router = Router(tags=["imports"])


class ProblemOut(Schema):
    row: int | None
    column: str
    label: str
    message: str


# A CSV file's encoding, where the caller knows it; empty: detected from the content.
Encoding = Literal["", "utf-8-sig", "gb18030", "big5", "cp1252", "cp1250", "latin-1"]
assert set(get_args(Encoding)) == {"", *dict(ENCODING_CHOICES)}, "keep Encoding as ENCODING_CHOICES"


class PreviewOut(Schema):
    rows: int
    valid_rows: int
    unchanged_rows: int
    skipped_rows: int = Field(0, description="Rows that are not this import's (other institutions' rows)")
    problems: list[ProblemOut]


class ImportedOut(Schema):
    batch_id: Id
    imported: int
    unchanged: int
    rejected: int
    skipped: int = Field(0, description="Rows that are not this import's (other institutions' rows)")
    problems: list[ProblemOut]


class RejectedOut(Schema):
    message: str
    code: str
    problems: list[ProblemOut]


@router.post("/imports/{key}/preview", response=PreviewOut, summary="Check a file; nothing is written")
def preview(
    request: HttpRequest,
    key: str,
    file: UploadedFile = File(...),  # noqa: B008
    encoding: Encoding = "",
) -> dict[str, Any]:
    importer = selectors.importer_for_user(user=request.user, key=key)
    result = services.preview_file(
        institution=institution_of(request.user),
        importer=importer,
        upload=file,
        actor=request.user,
        encoding=encoding,
    )
    return {
        "rows": result.total,
        "valid_rows": result.valid_count,
        "unchanged_rows": result.unchanged_count,
        "skipped_rows": result.skipped_count,
        "problems": services.problems_of(result),
    }


@router.post(
    "/imports/{key}/commit",
    response={201: ImportedOut, 400: RejectedOut},
    summary="Import a file: every row or nothing (partial=true, where allowed: the rows without problems)",
)
def commit(
    request: HttpRequest,
    key: str,
    file: UploadedFile = File(...),  # noqa: B008
    partial: bool = False,
    encoding: Encoding = "",
) -> Status[dict[str, Any]]:
    importer = selectors.importer_for_user(user=request.user, key=key)
    try:
        batch = services.commit_file(
            institution=institution_of(request.user),
            importer=importer,
            upload=file,
            actor=request.user,
            partial=partial,
            encoding=encoding,
        )
    except importing.ImportRejected as exc:
        return Status(
            400, {"message": str(exc), "code": exc.code, "problems": services.problems_of(exc.preview)}
        )
    except DomainError as exc:  # the file itself refused (kind, size): the documented 400, no row problems
        if exc.status_code != 400:
            raise
        return Status(400, {"message": str(exc.message), "code": exc.code, "problems": []})
    return Status(
        201,
        {
            "batch_id": batch.pk,
            "imported": batch.imported,
            "unchanged": batch.unchanged,
            "rejected": batch.rows_total - batch.rows_valid - batch.skipped_count,
            "skipped": batch.skipped_count,
            "problems": batch.problems,
        },
    )
