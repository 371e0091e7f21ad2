"""API of attached files: the file itself and archiving it; each owner's API lists and uploads its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from intercoop.attachments import selectors, services
from intercoop.attachments.models import Attachment
from intercoop.core.apitypes import Id
from intercoop.core.uploads import serve_file

router = Router(tags=["files"])


class AttachmentOut(Schema):
    id: int
    kind: str
    kind_label: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    part_id: Id | None
    created_at: dt.datetime
    url: str

    @staticmethod
    def resolve_kind_label(obj: Attachment) -> str:
        return str(selectors.kind_label(obj))

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
        return reverse("attachments:file", args=[obj.pk])


@router.get("/files/{file_id}", summary="The file (to a user who may see its record)")
def file_download(request: HttpRequest, file_id: Id) -> FileResponse:
    attachment = selectors.attachment_get_for_user(user=request.user, pk=file_id)
    return serve_file(
        attachment.file, content_type=attachment.content_type, filename=attachment.original_name
    )


@router.post("/files/{file_id}/archive", response=AttachmentOut, summary="Archive a file (it is kept)")
def file_archive(request: HttpRequest, file_id: Id) -> Any:
    attachment = selectors.attachment_for_change(user=request.user, pk=file_id)
    return services.archive(attachment=attachment, actor=request.user)
