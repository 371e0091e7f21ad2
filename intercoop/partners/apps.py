from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "intercoop.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from intercoop.core import declarations

        declarations.hand_on(self)  # what this app declares in declarations.py
