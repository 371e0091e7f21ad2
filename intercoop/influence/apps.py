from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfluenceConfig(AppConfig):
    name = "intercoop.influence"
    label = "influence"
    verbose_name = _("International influence registers")

    def ready(self) -> None:
        from intercoop.core import declarations

        declarations.hand_on(self)  # what this app declares in declarations.py
