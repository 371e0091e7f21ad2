"""What the org app adds to the shared registries: audit labels and its menu entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core import navigation
from intercoop.core.declarations import Declarations
from intercoop.org import permissions, selectors

DECLARATIONS = Declarations(
    readers={
        "org:person_detail": selectors.person_get_for_user,
        "org:unit_detail": selectors.unit_get_for_user,
    },
    actions={
        "org.institution.created": _("institution created"),
        "org.institution.settings_changed": _("institution settings changed"),
        "org.unit.created": _("unit created"),
        "org.unit.changed": _("unit changed"),
        "org.unit.archived": _("unit archived"),
        "org.unit.restored": _("unit restored"),
        "org.person.created": _("person added"),
        "org.person.changed": _("person changed"),
        "org.person.archived": _("person archived"),
        "org.person.restored": _("person restored"),
    },
    navigation=[
        navigation.NavItem(
            key="people",
            label=_("People"),
            url_name="org:person_list",
            icon="bi-people",
            permission=permissions.PERSON_LIST,
            section=navigation.Section.ORGANISATION,
            order=10,
            active_prefix="org:person",
        ),
        navigation.NavItem(
            key="units",
            label=_("Organisation"),
            url_name="org:unit_tree",
            icon="bi-diagram-3",
            permission=permissions.UNIT_VIEW,
            section=navigation.Section.ORGANISATION,
            order=20,
            active_prefix="org:unit",
        ),
        navigation.NavItem(
            key="institution_settings",
            label=_("Institution settings"),
            url_name="org:institution_settings",
            icon="bi-sliders",
            permission=permissions.INSTITUTION_SETTINGS,
            section=navigation.Section.ADMIN,
            order=30,
            active_prefix="org:institution_settings",
        ),
    ],
)
