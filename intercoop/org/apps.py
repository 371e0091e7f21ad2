from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "intercoop.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from intercoop.core import audit, navigation
        from intercoop.org import permissions

        audit.register_actions(
            {
                "org.institution.created": _("institution created"),
                "org.unit.created": _("unit created"),
                "org.unit.changed": _("unit changed"),
                "org.unit.archived": _("unit archived"),
                "org.unit.restored": _("unit restored"),
                "org.person.created": _("person added"),
                "org.person.changed": _("person changed"),
                "org.person.archived": _("person archived"),
                "org.person.restored": _("person restored"),
            }
        )
        navigation.register(
            navigation.NavItem(
                key="people",
                label=_("People"),
                url_name="org:person_list",
                icon="bi-people",
                permission=permissions.PERSON_LIST,
                section=navigation.Section.ORGANISATION,
                order=10,
                active_prefix="org:person",
            )
        )
        navigation.register(
            navigation.NavItem(
                key="units",
                label=_("Organisation"),
                url_name="org:unit_tree",
                icon="bi-diagram-3",
                permission=permissions.UNIT_VIEW,
                section=navigation.Section.ORGANISATION,
                order=20,
                active_prefix="org:unit",
            )
        )
