from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from intercoop.core import importing
from intercoop.core.access import access_for, parse_pk
from intercoop.imports.models import ImportBatch


def importer_for_user(*, user: Any, key: str) -> importing.Importer:
    """The importer, if the user may use it; 404 otherwise."""
    importer = importing.get(key)
    if importer is None or not importing.may_use(access_for(user), key):
        raise Http404
    return importer


def batch_get_for_user(*, user: Any, pk: Any) -> tuple[ImportBatch, importing.Importer]:
    access = access_for(user)
    batch = ImportBatch.objects.filter(pk=parse_pk(pk), institution_id=access.own_institution()).first()
    if batch is None:
        raise Http404
    return batch, importer_for_user(user=user, key=batch.kind)


def recent_batches(*, user: Any, key: str, limit: int = 10) -> QuerySet[ImportBatch]:
    access = access_for(user)
    return (
        ImportBatch.objects.filter(institution_id=access.own_institution(), kind=key)
        .select_related("created_by")
        .defer("problems", "sample")  # the list shows counts; a file's problems can be 100,000 rows
        .order_by("-created_at")[:limit]
    )
