from importlib import import_module

from django.apps import AppConfig, apps
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

        for config in apps.get_app_configs():
            if not config.name.startswith("intercoop."):
                continue
            try:
                module = import_module(f"{config.name}.attachables")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.attachables":
                    raise
                continue
            for attachable in module.ATTACHABLES:
                registry.register(attachable)
