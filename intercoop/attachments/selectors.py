"""Reading files: those of a record, one file for a user (through its owner's access function)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.http import Http404

from intercoop.attachments import registry
from intercoop.attachments.models import Attachment
from intercoop.core.access import parse_pk


def files_of(owner: Model, *, kinds: tuple[str, ...] = ()) -> QuerySet[Attachment]:
    """The files of ``owner`` that are not archived, newest first."""
    qs = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, archived_at__isnull=True
    ).select_related("uploaded_by")
    return qs.filter(kind__in=kinds) if kinds else qs


def parts_by_pk(owner: Model) -> dict[int, Any]:
    """The owner's named parts a file can be about (an agreement's obligations), by primary key."""
    spec = registry.for_model(type(owner))
    return {p.pk: p for p in spec.parts(owner)} if spec.parts is not None else {}


def listed(owner: Model) -> list[Attachment]:
    """The owner's files for its page: each with ``kind_label`` and ``part`` (the obligation it is about),
    newest first."""
    spec = registry.for_model(type(owner))
    parts = parts_by_pk(owner)
    files = list(files_of(owner))
    for f in files:
        f.kind_label = spec.kind_label(f.kind)  # type: ignore[attr-defined]
        f.part = parts.get(f.part_id) if f.part_id else None  # type: ignore[attr-defined]
    return files


def kind_label(attachment: Attachment) -> Any:
    return registry.for_model(attachment.owner_type.model_class()).kind_label(attachment.kind)  # type: ignore[arg-type]


def latest_upload(model: type[Model], *, kinds: tuple[str, ...] = ()) -> Subquery:
    """The day of the latest active file of the owner in the outer query (``OuterRef("pk")``)."""
    qs = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(model), owner_id=OuterRef("pk"), archived_at__isnull=True
    )
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return Subquery(qs.values("owner_id").annotate(last=Max(TruncDate("created_at"))).values("last")[:1])


def attachment_get_for_user(*, user: Any, pk: Any) -> Attachment:
    """The file, for a user who may see its record; 404 for "missing", "archived" and "not yours" alike."""
    attachment = (
        Attachment.objects.filter(pk=parse_pk(pk), archived_at__isnull=True)
        .select_related("owner_type")
        .first()
    )
    if attachment is None:
        raise Http404
    model = attachment.owner_type.model_class()
    if model is None:
        raise Http404
    spec = registry.for_model(model)
    attachment.owner = spec.readable(user, attachment.owner_id)  # 404 unless the user may see the record
    return attachment


def attachment_for_change(*, user: Any, pk: Any) -> Attachment:
    """The file, for a user who may archive it (404 otherwise, as for any record that is not theirs)."""
    attachment = attachment_get_for_user(user=user, pk=pk)
    owner: Any = attachment.owner
    spec = registry.for_model(type(owner))
    part = parts_by_pk(owner).get(attachment.part_id) if attachment.part_id else None
    if spec.may_change is None or not spec.may_change(user, owner, part):
        raise Http404
    return attachment


def back_url(attachment: Attachment) -> str:
    owner: Any = attachment.owner
    spec = registry.for_model(type(owner))
    if spec.back is not None:
        return spec.back(owner)
    return owner.get_absolute_url()
