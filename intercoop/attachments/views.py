"""Serving and archiving any attached file: one URL for all, the owner's access function decides."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.attachments import selectors, services
from intercoop.core.actions import acted
from intercoop.core.gates import record_access
from intercoop.core.uploads import serve_file


@record_access
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, to a user who may see its record (404 otherwise); ``?download=1`` saves it."""
    attachment = selectors.attachment_get_for_user(user=request.user, pk=pk)
    return serve_file(
        attachment.file,
        content_type=attachment.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=attachment.original_name,
    )


@record_access
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_for_change(user=request.user, pk=pk)
    back = selectors.back_url(attachment)
    acted(
        request,
        lambda: services.archive(attachment=attachment, actor=request.user),
        done=_("The file was archived; it stays in the record's history."),
    )
    return redirect(back)
