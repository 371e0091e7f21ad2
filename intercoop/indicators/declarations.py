"""What the indicators app adds to the shared registries: audit labels, its menu entry and work queue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core import navigation, workqueue
from intercoop.core.declarations import Declarations
from intercoop.indicators import (
    alerts,
    computations,  # noqa: F401  (its import registers the indicators)
    permissions,
    registry,
)

DECLARATIONS = Declarations(
    actions={
        "indicators.adjustment.created": _("indicator value adjusted"),
        "indicators.adjustment.replaced": _("adjustment replaced"),
        "indicators.adjustment.withdrawn": _("adjustment withdrawn"),
        "indicators.report.submitted": _("national table submitted"),
        "indicators.report.reopened": _("national table reopened"),
    },
    neutral_source=True,
    # An indicator named in a history (a plan's target, an adjustment) reads by its name, not its code.
    value_displays={"indicator": registry.name_of},
    navigation=[
        navigation.NavItem(
            key="indicators",
            label=_("Indicators"),
            url_name="indicators:index",
            icon="bi-bar-chart-line",
            permission=permissions.INDICATOR_VIEW,
            order=45,
            personal_data=False,
            active_prefix="indicators:",
        ),
        navigation.NavItem(
            key="national_table",
            label=_("International influence table"),
            url_name="indicators:table",
            url_args=("international_influence",),
            icon="bi-table",
            permission=permissions.INDICATOR_VIEW,
            order=44,
            personal_data=False,
            active_prefix="indicators:table",
            institution_wide=True,
        ),
    ],
    queues=[
        workqueue.Queue(
            key="tables_to_submit",
            label=_("National tables to submit"),
            permission=permissions.REPORT_SUBMIT,
            provider=alerts.tables_to_submit,
            empty_text=_("Every national table of the last school year is submitted."),
            order=9,
        )
    ],
)
