from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    name = "intercoop.mobility"
    label = "mobility"
    verbose_name = _("Mobility and exchange")

    def ready(self) -> None:
        from intercoop.core import declarations

        declarations.hand_on(self)  # what this app declares in declarations.py
