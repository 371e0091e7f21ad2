"""Attaching a file to a record, replacing it, archiving it: the one way files enter the system.

The file's type is read from its content (``core.uploads.check_upload``), the stored name carries no text
the uploader typed, and every step is audited on the owner's history. Nothing is deleted: an archived file
stays on disk and in the table.

Who may attach: for records whose files the user manages directly (an agreement's documents, a trip's),
``attach`` and ``archive`` ask the owner's declared ``may_change`` and refuse with 404, as the API and the
pages would for a record that is not the user's. Files that are set through their owner's own service
(evidence of a register entry, an adjustment, an approval decision, an application) are attached by that
service, which has checked the actor already.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from intercoop.attachments import registry, selectors
from intercoop.attachments.models import Attachment
from intercoop.core import audit
from intercoop.core.archiving import set_archived
from intercoop.core.choices import NotAChoiceError
from intercoop.core.errors import DomainError
from intercoop.core.uploads import CheckedFile, check_upload


class AttachmentError(DomainError):
    pass


def check(
    upload: UploadedFile, *, owner: type[models.Model] | models.Model, field: str = "file"
) -> CheckedFile:
    """Refuse a file the owner does not take (its type read from its content, its size) before any write."""
    spec = registry.for_model(owner if isinstance(owner, type) else type(owner))
    return check_upload(upload, allowed=spec.allowed, max_bytes=spec.max_bytes, field=field)


def _may_change(spec: registry.Attachable, actor: Any, owner: Any, part: Any) -> None:
    if actor is None or spec.may_change is None:
        return
    if not spec.may_change(actor, owner, part):
        raise NotAChoiceError(_("Not found."))


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attach(
    *,
    owner: models.Model,
    upload: UploadedFile,
    kind: str,
    actor: Any,
    part: models.Model | None = None,
    field: str = "file",
    replacing: Attachment | None = None,
) -> Attachment:
    """Keep ``upload`` as a file of ``owner``; with ``replacing``, that file is archived in the same step."""
    spec = registry.for_model(type(owner))
    if kind not in dict(spec.kinds):
        raise AttachmentError(_("Choose what kind of file this is."), field="kind")
    _may_change(spec, actor, owner, part)
    if part is not None and (spec.parts is None or part not in list(spec.parts(owner))):
        raise AttachmentError(_("The file can only be about a part of this record."), field="part")
    checked = check(upload, owner=owner, field=field)
    attachment = Attachment(
        institution_id=owner.institution_id,  # type: ignore[attr-defined]
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        kind=kind,
        part_id=part.pk if part is not None else None,
        original_name=checked.name[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=_digest(upload),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    extension = checked.kind.replace("jpeg", "jpg")
    attachment.file.save(f"{owner._meta.model_name}-{owner.pk}.{extension}", upload, save=False)
    attachment.save()
    if replacing is not None and replacing.archived_at is None:
        set_archived(
            replacing,
            archived=True,
            actor=actor,
            action="attachments.replaced",
            error=AttachmentError,
            unchanged="",
            audit_on=owner,
            data={"attachment": replacing.pk, "file": replacing.original_name, "by": attachment.pk},
        )
    audit.record(
        owner,
        "attachments.added",
        actor=actor,
        changes={"original_name": [replacing.original_name if replacing else None, attachment.original_name]},
        fields_of=Attachment,
        data={"attachment": attachment.pk, "kind": kind, "part": attachment.part_id},
    )
    return attachment


@transaction.atomic
def archive(*, attachment: Attachment, actor: Any) -> Attachment:
    """Take a wrong upload off its record; the file is kept and the step is on the owner's history."""
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    owner: Any = attachment.owner
    spec = registry.for_model(type(owner))
    if spec.may_change is None:  # set through the owner's service only
        raise NotAChoiceError(_("Not found."))
    part = selectors.parts_by_pk(owner).get(attachment.part_id) if attachment.part_id else None
    _may_change(spec, actor, owner, part)
    return set_archived(
        attachment,
        archived=True,
        actor=actor,
        action="attachments.archived",
        error=AttachmentError,
        unchanged=_("The file is archived already."),
        audit_on=owner,
        data={"attachment": attachment.pk, "file": attachment.original_name, "kind": attachment.kind},
    )
