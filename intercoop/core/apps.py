from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "intercoop.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from intercoop.core import audit, navigation, permissions
        from intercoop.core.permissions import define
        from intercoop.core.roles import Role

        pre_save.connect(_check_bounds, dispatch_uid="intercoop.core.bounds")
        define(permissions.AUDIT_VIEW, _("See the institution's audit log"), [Role.SYSTEM_ADMIN])
        define(
            permissions.CALENDAR_CHANGE,
            _("Keep the holiday calendar (holidays and make-up working days)"),
            [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF],
        )
        audit.register_actions(
            {
                "core.calendar_feed.created": _("calendar address made"),
                "core.calendar_day.added": _("holiday calendar day entered"),
                "core.calendar_day.replaced": _("holiday calendar day replaced"),
                "core.calendar_day.archived": _("holiday calendar day removed"),
                "core.calendar_year.completed": _("holiday calendar year marked complete"),
                "core.calendar_year.reopened": _("holiday calendar year reopened"),
            }
        )
        navigation.register(
            navigation.NavItem(
                key="calendar",
                label=_("Holiday calendar"),
                url_name="calendar:page",
                icon="bi-calendar3",
                permission=permissions.CALENDAR_CHANGE,
                section=navigation.Section.ADMIN,
                order=85,
                institution_wide=True,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="audit",
                label=_("Audit log"),
                url_name="core:audit_log",
                icon="bi-journal-text",
                permission=permissions.AUDIT_VIEW,
                section=navigation.Section.ADMIN,
                order=90,
            )
        )


def _check_bounds(sender: type, instance: object, raw: bool = False, **kwargs: object) -> None:
    """Every project model's values stay within ``core.bounds`` (Django's own models are left alone)."""
    if sender.__module__.startswith("intercoop."):
        from intercoop.core import bounds

        bounds.on_pre_save(sender, instance, raw=raw)  # type: ignore[arg-type]
