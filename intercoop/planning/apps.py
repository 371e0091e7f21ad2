from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "intercoop.planning"
    label = "planning"
    verbose_name = _("Plans, targets and assessment")

    def ready(self) -> None:
        from intercoop.core import declarations

        declarations.hand_on(self)  # what this app declares in declarations.py
