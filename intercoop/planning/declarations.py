"""What the planning app adds to the shared registries: audit labels and its menu entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core import navigation
from intercoop.core.declarations import Declarations
from intercoop.planning import permissions

DECLARATIONS = Declarations(
    actions={
        "planning.plan.created": _("plan drawn up"),
        "planning.plan.updated": _("plan changed"),
        "planning.plan.archived": _("plan archived"),
        "planning.plan.restored": _("plan restored"),
        "planning.target.set": _("target set"),
        "planning.target.changed": _("target changed"),
        "planning.target.removed": _("target removed"),
        "planning.scheme.saved": _("assessment scheme saved"),
    },
    neutral_source=True,
    navigation=[
        *(
            navigation.NavItem(
                key=key,
                label=label,
                url_name=url_name,
                icon=icon,
                permission=permission,
                order=order,
                active_prefix=url_name if key == "assessment" else "planning:plan",
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
            )
        )
    ],
)
