from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "intercoop.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from intercoop.core import audit, importing, navigation
        from intercoop.partners import importers, permissions

        audit.register_actions(
            {
                "partners.partner.created": _("partner added"),
                "partners.partner.changed": _("partner changed"),
                "partners.partner.archived": _("partner archived"),
                "partners.partner.restored": _("partner restored"),
                "partners.partner.merged": _("partner merged into another"),
                "partners.partner.absorbed": _("another partner merged into this one"),
                "partners.contact.created": _("contact added"),
                "partners.contact.changed": _("contact changed"),
                "partners.contact.archived": _("contact archived"),
            }
        )
        navigation.register(
            navigation.NavItem(
                key="partners",
                label=_("Partners"),
                url_name="partners:list",
                icon="bi-buildings",
                permission=permissions.PARTNER_VIEW,
                section=navigation.Section.WORK,
                order=10,
                active_prefix="partners:",
            )
        )
        importing.register(importers.PartnerImporter())
