"""What the partners app adds to the shared registries: audit labels, its menu entry and importer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core import navigation
from intercoop.core.declarations import Declarations
from intercoop.partners import importers, permissions, selectors

DECLARATIONS = Declarations(
    readers={"partners:detail": selectors.partner_get_for_user},
    actions={
        "partners.partner.created": _("partner added"),
        "partners.partner.changed": _("partner changed"),
        "partners.partner.archived": _("partner archived"),
        "partners.partner.restored": _("partner restored"),
        "partners.partner.merged": _("partner merged into another"),
        "partners.partner.absorbed": _("another partner merged into this one"),
        "partners.contact.created": _("contact added"),
        "partners.contact.changed": _("contact changed"),
        "partners.contact.archived": _("contact archived"),
    },
    navigation=[
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
    ],
    importers=[importers.PartnerImporter()],
)
