from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "intercoop.planning"
    label = "planning"
    verbose_name = _("Plans, targets and assessment")

    def ready(self) -> None:
        from intercoop.core import audit, navigation
        from intercoop.planning import permissions

        audit.register_neutral_source("planning")  # no record of it is one an indicator is computed from
        audit.register_actions(
            {
                "planning.plan.created": _("plan drawn up"),
                "planning.plan.updated": _("plan changed"),
                "planning.plan.archived": _("plan archived"),
                "planning.plan.restored": _("plan restored"),
                "planning.target.set": _("target set"),
                "planning.target.changed": _("target changed"),
                "planning.target.removed": _("target removed"),
                "planning.scheme.saved": _("assessment scheme saved"),
            }
        )
        for key, label, url_name, icon, permission, order in (
            (
                "plans",
                _("Plans and targets"),
                "planning:plans",
                "bi-signpost-split",
                permissions.PLAN_VIEW,
                46,
            ),
            (
                "assessment",
                _("Assessment of colleges"),
                "planning:assessment",
                "bi-bar-chart-steps",
                permissions.ASSESSMENT_VIEW,
                47,
            ),
        ):
            navigation.register(
                navigation.NavItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    permission=permission,
                    order=order,
                    active_prefix=url_name if key == "assessment" else "planning:plan",
                )
            )
