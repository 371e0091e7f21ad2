"""The one table of uploaded files: documents of agreements and trips, evidence of register entries,
indicator adjustments, approval decisions and applications. Each file belongs to one record (its owner),
whose access function decides who may read it (see ``registry``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.core.models import TenantModel


def stored_path(instance: Attachment, filename: str) -> str:
    """Where the file is kept: under the owner's app and the month, named by the caller (never by the
    uploader: a stored name carries no text a user typed)."""
    now = timezone.now()
    return f"{instance.owner_type.app_label}/{now:%Y}/{now:%m}/{filename}"


class Attachment(TenantModel):
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    kind = models.CharField(_("kind"), max_length=30)
    # A named part of the owner the file is about (an agreement's obligation), declared by the owner.
    part_id = models.PositiveBigIntegerField(null=True, blank=True)
    file = models.FileField(_("file"), upload_to=stored_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner_type", "owner_id", "kind"], name="attachment_owner")]

    def __str__(self) -> str:
        return self.original_name
