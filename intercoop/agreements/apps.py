from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "intercoop.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from intercoop.agreements import activity
        from intercoop.core import declarations

        declarations.hand_on(self)  # what this app declares in declarations.py
        for source in declarations.declared("ACTIVITY_SOURCES"):  # what counts as use of an agreement
            activity.register(source)
