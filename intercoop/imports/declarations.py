"""What the imports app adds to the shared registries: audit labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.declarations import Declarations

DECLARATIONS = Declarations(
    actions={
        "imports.batch.previewed": _("import file checked"),
        "imports.batch.committed": _("import committed"),
        "imports.batch.abandoned": _("import abandoned, its file discarded"),
        "imports.batch.queued": _("import file handed to the worker"),
    },
    neutral=("imports.batch.previewed", "imports.batch.queued"),
)
