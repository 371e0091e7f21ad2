from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "intercoop.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from intercoop.core import declarations
        from intercoop.org import settings_changes
        from intercoop.org.models import Institution

        declarations.hand_on(self)  # what this app declares in declarations.py
        pre_save.connect(settings_changes.remember, sender=Institution, dispatch_uid="org.settings.before")
        post_save.connect(settings_changes.compare, sender=Institution, dispatch_uid="org.settings.after")
