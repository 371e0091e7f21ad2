from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "intercoop.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from intercoop.core import audit

        audit.register_neutral("imports.batch.previewed")  # reads a file, changes no record
        audit.register_actions(
            {
                "imports.batch.previewed": _("import file checked"),
                "imports.batch.committed": _("import committed"),
            }
        )
