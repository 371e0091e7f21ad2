from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "intercoop.attachments"
    label = "attachments"
    verbose_name = _("Attached files")

    def ready(self) -> None:
        """Each app declares the records that carry files in its ``attachables.py`` (``ATTACHABLES``)."""
        from intercoop.attachments import registry
        from intercoop.core import declarations

        declarations.hand_on(self)  # what this app declares in declarations.py
        for attachable in declarations.declared("ATTACHABLES", module="attachables"):
            registry.register(attachable)
