from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "intercoop.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from intercoop.agreements import importers, panels, permissions, reminders, workqueues
        from intercoop.core import audit, importing, navigation, workqueue
        from intercoop.core import panels as core_panels
        from intercoop.core import reminders as core_reminders

        audit.register_actions(
            {
                "agreements.agreement.created": _("agreement drafted"),
                "agreements.agreement.changed": _("agreement changed"),
                "agreements.agreement.submit": _("submitted for review"),
                "agreements.agreement.approve": _("approved"),
                "agreements.agreement.return": _("returned for revision"),
                "agreements.agreement.sign": _("signing recorded"),
                "agreements.agreement.activate": _("put in force"),
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
            }
        )
        audit.register_field_labels({"parties": _("Partners"), "units": _("Owning colleges")})
        navigation.register(
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
        )
        importing.register(importers.AgreementImporter())
        core_panels.register(
            core_panels.Panel(
                key="partner_agreements",
                model="partners.partner",
                template="agreements/_partner_panel.html",
                provider=panels.partner_agreements,
                order=10,
            )
        )
        core_reminders.register("agreements", reminders.due)
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
        ):
            workqueue.register(
                workqueue.Queue(
                    key=key,
                    label=label,
                    permission=permissions.AGREEMENT_VIEW,
                    provider=provider,
                    empty_text=empty,
                    order=order,
                )
            )
