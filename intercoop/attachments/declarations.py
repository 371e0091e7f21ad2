"""What the attachments app adds to the shared registries: the labels of its audit actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.declarations import Declarations

DECLARATIONS = Declarations(
    actions={
        "attachments.added": _("file attached"),
        "attachments.replaced": _("file replaced"),
        "attachments.archived": _("file archived"),
    }
)
