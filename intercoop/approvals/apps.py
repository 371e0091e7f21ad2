from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "intercoop.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from intercoop.approvals import kinds
        from intercoop.core import declarations

        declarations.hand_on(self)  # what this app declares in declarations.py
        for kind in declarations.declared("APPROVAL_KINDS"):  # what needs approving, declared by each app
            kinds.register(kind)
