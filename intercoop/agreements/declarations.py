"""What the agreements app adds to the shared registries: audit labels, menu, work queues, reminders,
the importer and the partner page's panel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.agreements import deadlines, importers, panels, permissions, reminders, selectors, workqueues
from intercoop.agreements.config import AgreementSettings
from intercoop.core import navigation, workqueue
from intercoop.core import panels as core_panels
from intercoop.core.declarations import Declarations
from intercoop.core.settings_registry import Setting

_A = AgreementSettings()
_AGREEMENTS = _("Agreements")
SETTINGS = (
    Setting(
        "agreements",
        "dormant_months",
        _("Months without activity before an agreement is dormant"),
        "int",
        _A.dormant_months,
        minimum=1,
        maximum=120,
        group=_AGREEMENTS,
    ),
    Setting(
        "agreements",
        "expiring_days",
        _("Days before its end when an agreement is expiring"),
        "int",
        _A.expiring_days,
        minimum=1,
        maximum=1000,
        group=_AGREEMENTS,
    ),
    Setting(
        "agreements",
        "separate_duties",
        _("Who drafted an agreement does not approve it"),
        "bool",
        _A.separate_duties,
        group=_AGREEMENTS,
    ),
)


DECLARATIONS = Declarations(
    settings=SETTINGS,
    deadlines={"agreements": deadlines.mine},
    readers={"agreements:detail": selectors.agreement_get_for_user},
    actions={
        "agreements.agreement.created": _("agreement drafted"),
        "agreements.agreement.changed": _("agreement changed"),
        "agreements.agreement.submit": _("submitted for review"),
        "agreements.agreement.approve": _("approved"),
        "agreements.agreement.return": _("returned for revision"),
        "agreements.agreement.sign": _("signing recorded"),
        "agreements.agreement.activate": _("put in force"),
        "agreements.agreement.activated": _("in force from its start date"),
        "agreements.agreement.terminate": _("terminated"),
        "agreements.agreement.expiring": _("now expiring"),
        "agreements.agreement.expired": _("expired"),
        "agreements.agreement.auto_renewed": _("renewed automatically"),
        "agreements.agreement.renewed": _("replaced by its renewal"),
        "agreements.agreement.renewal_started": _("renewal drafted"),
        "agreements.agreement.archived": _("agreement archived"),
        "agreements.agreement.restored": _("agreement restored"),
        "agreements.condition.saved": _("condition saved"),
        "agreements.obligation.created": _("obligation added"),
        "agreements.obligation.changed": _("obligation changed"),
        "agreements.document.added": _("document uploaded"),
        "agreements.document.archived": _("document archived"),
        "agreements.interaction.recorded": _("interaction recorded"),
    },
    field_labels={"parties": _("Partners"), "units": _("Owning colleges")},
    navigation=[
        navigation.NavItem(
            key="agreements",
            label=_("Agreements"),
            url_name="agreements:list",
            icon="bi-file-earmark-text",
            permission=permissions.AGREEMENT_VIEW,
            section=navigation.Section.WORK,
            order=20,
            active_prefix="agreements:",
        )
    ],
    queues=[
        *(
            workqueue.Queue(
                key=key,
                label=label,
                permission=permissions.AGREEMENT_VIEW,
                provider=provider,
                empty_text=empty,
                order=order,
            )
            for key, label, provider, empty, order in (
                (
                    "agreements_expiring",
                    _("Agreements ending soon"),
                    workqueues.expiring,
                    _("No agreement of yours ends soon."),
                    10,
                ),
                (
                    "obligations_overdue",
                    _("Overdue obligations"),
                    workqueues.overdue_obligations,
                    _("No obligation is overdue."),
                    20,
                ),
                (
                    "reviews_due",
                    _("Annual implementation reviews due"),
                    workqueues.reviews_due,
                    _("Every agreement in force has this year's review."),
                    30,
                ),
            )
        )
    ],
    importers=[importers.AgreementImporter()],
    panels=[
        core_panels.Panel(
            key="partner_agreements",
            model="partners.partner",
            template="agreements/_partner_panel.html",
            provider=panels.partner_agreements,
            order=10,
        )
    ],
    reminders={"agreements": reminders.due},
)
