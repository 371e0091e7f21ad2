"""Moving files kept in a record's own ``FileField`` into ``attachments.Attachment`` rows, for the
migrations that brought every upload into the one subsystem (ADR 0013). Works on historical models;
the stored files are not copied or renamed: each new row points at the same path in storage."""

from __future__ import annotations

import mimetypes
import posixpath
from typing import Any

CONTENT_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _content_type(name: str) -> str:
    ext = posixpath.splitext(name)[1].lower()
    return CONTENT_TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _size(storage: Any, name: str) -> int:
    try:
        return int(storage.size(name))
    except (OSError, NotImplementedError):
        return 0


def owner_type(apps: Any, app_label: str, model: str) -> Any:
    content_type = apps.get_model("contenttypes", "ContentType")
    return content_type.objects.get_or_create(app_label=app_label, model=model)[0]


def new_attachment(apps: Any, *, owner: Any, owner_type: Any, kind: str, name: str, **extra: Any) -> Any:
    """An ``Attachment`` row for the file stored at ``name`` (the old field's value)."""
    attachment_model = apps.get_model("attachments", "Attachment")
    storage = attachment_model._meta.get_field("file").storage
    values = {
        "institution_id": owner.institution_id,
        "owner_type": owner_type,
        "owner_id": owner.pk,
        "kind": kind,
        "file": name,
        "original_name": posixpath.basename(name)[:255],
        "content_type": _content_type(name),
        "size": _size(storage, name),
        **extra,
    }
    return attachment_model.objects.create(**values)


def field_to_attachment(
    app_label: str, model: str, old: str, new: str, kind: str, name_field: str | None = None
) -> Any:
    """A ``RunPython`` function: each row's file in ``old`` becomes an attachment that ``new`` points at."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        owner_model = apps.get_model(app_label, model)
        rows = owner_model.objects.exclude(**{old: ""}).exclude(**{f"{old}__isnull": True})
        if not rows.exists():
            return
        ct = owner_type(apps, app_label, model.lower())
        for row in rows.iterator():
            extra = {"created_at": row.created_at}
            attachment = new_attachment(
                apps, owner=row, owner_type=ct, kind=kind, name=getattr(row, old).name, **extra
            )
            if name_field and getattr(row, name_field, ""):
                attachment.original_name = getattr(row, name_field)[:255]
                attachment.save(update_fields=["original_name"])
            owner_model.objects.filter(pk=row.pk).update(**{new: attachment.pk})

    return forwards
