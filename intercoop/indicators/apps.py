from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "intercoop.indicators"
    label = "indicators"
    verbose_name = _("Indicators and national reports")

    def ready(self) -> None:
        from intercoop.core import audit, navigation, workqueue
        from intercoop.indicators import alerts, computations, permissions  # noqa: F401  (registers indicators)

        audit.register_neutral_source("indicators")  # no record of it is one an indicator is computed from
        audit.register_actions(
            {
                "indicators.adjustment.created": _("indicator value adjusted"),
                "indicators.adjustment.replaced": _("adjustment replaced"),
                "indicators.adjustment.withdrawn": _("adjustment withdrawn"),
                "indicators.report.submitted": _("national table submitted"),
                "indicators.report.reopened": _("national table reopened"),
            }
        )
        workqueue.register(
            workqueue.Queue(
                key="tables_to_submit",
                label=_("National tables to submit"),
                permission=permissions.REPORT_SUBMIT,
                provider=alerts.tables_to_submit,
                empty_text=_("Every national table of the last school year is submitted."),
                order=9,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="indicators",
                label=_("Indicators"),
                url_name="indicators:index",
                icon="bi-bar-chart-line",
                permission=permissions.INDICATOR_VIEW,
                order=45,
                personal_data=False,
                active_prefix="indicators:",
            )
        )
