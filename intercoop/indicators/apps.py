from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "intercoop.indicators"
    label = "indicators"
    verbose_name = _("Indicators and national reports")

    def ready(self) -> None:
        from intercoop.core import audit, navigation
        from intercoop.indicators import computations, permissions  # noqa: F401  (registers indicators)

        audit.register_actions(
            {
                "indicators.adjustment.created": _("indicator value adjusted"),
                "indicators.adjustment.replaced": _("adjustment replaced"),
                "indicators.adjustment.withdrawn": _("adjustment withdrawn"),
                "indicators.report.submitted": _("national table submitted"),
                "indicators.report.reopened": _("national table reopened"),
            }
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
